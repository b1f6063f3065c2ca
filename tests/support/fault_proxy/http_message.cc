#include "support/fault_proxy/http_message.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace mlflow::testing::fault {
namespace {

bool EqualsIgnoreCase(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

std::string Trim(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  size_t end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

ReadOutcome FromIo(IoResult result) {
  switch (result) {
    case IoResult::kOk:
      return ReadOutcome::kOk;
    case IoResult::kClosed:
      return ReadOutcome::kClosed;
    case IoResult::kTimeout:
      return ReadOutcome::kTimeout;
    case IoResult::kError:
      return ReadOutcome::kError;
  }
  return ReadOutcome::kError;
}

// Reads until `pending` holds at least `size` bytes.
ReadOutcome Fill(const Socket& socket, std::string* pending, size_t size, int timeout_ms) {
  while (pending->size() < size) {
    IoResult result = ReadSome(socket, pending, timeout_ms);
    if (result == IoResult::kClosed) return ReadOutcome::kMalformed;  // ended mid-message
    if (result != IoResult::kOk) return FromIo(result);
  }
  return ReadOutcome::kOk;
}

// Takes one CRLF-terminated line off `pending`.
ReadOutcome TakeLine(const Socket& socket, std::string* pending, int timeout_ms, std::string* line) {
  size_t end;
  while ((end = pending->find("\r\n")) == std::string::npos) {
    if (pending->size() > 8192) return ReadOutcome::kMalformed;
    IoResult result = ReadSome(socket, pending, timeout_ms);
    if (result == IoResult::kClosed) return ReadOutcome::kMalformed;
    if (result != IoResult::kOk) return FromIo(result);
  }
  *line = pending->substr(0, end);
  pending->erase(0, end + 2);
  return ReadOutcome::kOk;
}

ReadOutcome ReadChunked(const Socket& socket, std::string* pending, int timeout_ms, size_t max_body,
                        std::string* body) {
  while (true) {
    std::string line;
    ReadOutcome outcome = TakeLine(socket, pending, timeout_ms, &line);
    if (outcome != ReadOutcome::kOk) return outcome;
    char* end = nullptr;
    unsigned long long size = std::strtoull(line.c_str(), &end, 16);
    if (end == line.c_str()) return ReadOutcome::kMalformed;
    if (size > max_body || body->size() + size > max_body) return ReadOutcome::kTooLarge;
    if (size == 0) {
      do {  // trailers, up to the blank line
        outcome = TakeLine(socket, pending, timeout_ms, &line);
        if (outcome != ReadOutcome::kOk) return outcome;
      } while (!line.empty());
      return ReadOutcome::kOk;
    }
    outcome = Fill(socket, pending, static_cast<size_t>(size) + 2, timeout_ms);
    if (outcome != ReadOutcome::kOk) return outcome;
    body->append(*pending, 0, static_cast<size_t>(size));
    pending->erase(0, static_cast<size_t>(size) + 2);
  }
}

}  // namespace

const char* ReadOutcomeName(ReadOutcome outcome) {
  switch (outcome) {
    case ReadOutcome::kOk:
      return "ok";
    case ReadOutcome::kClosed:
      return "closed";
    case ReadOutcome::kTimeout:
      return "timeout";
    case ReadOutcome::kError:
      return "error";
    case ReadOutcome::kMalformed:
      return "malformed";
    case ReadOutcome::kTooLarge:
      return "too large";
  }
  return "?";
}

std::string HttpMessage::Header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

bool HttpMessage::HasHeader(const std::string& name) const {
  return std::any_of(headers.begin(), headers.end(), [&](const auto& h) { return EqualsIgnoreCase(h.first, name); });
}

void HttpMessage::RemoveHeader(const std::string& name) {
  headers.erase(
      std::remove_if(headers.begin(), headers.end(), [&](const auto& h) { return EqualsIgnoreCase(h.first, name); }),
      headers.end());
}

void HttpMessage::SetHeader(const std::string& name, const std::string& value) {
  RemoveHeader(name);
  headers.emplace_back(name, value);
}

std::string HttpMessage::Method() const { return start_line.substr(0, start_line.find(' ')); }

std::string HttpMessage::Target() const {
  size_t first = start_line.find(' ');
  if (first == std::string::npos) return "";
  size_t second = start_line.find(' ', first + 1);
  return start_line.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
}

int HttpMessage::StatusCode() const {
  if (start_line.rfind("HTTP/", 0) != 0) return 0;
  size_t space = start_line.find(' ');
  return space == std::string::npos ? 0 : std::atoi(start_line.c_str() + space + 1);
}

std::string HttpMessage::SerializeHead() const {
  std::string out = start_line + "\r\n";
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, "content-length") || EqualsIgnoreCase(key, "transfer-encoding")) continue;
    out += key + ": " + value + "\r\n";
  }
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  return out;
}

std::string HttpMessage::Serialize() const { return SerializeHead() + body; }

ReadOutcome ReadHead(const Socket& socket, std::string* pending, int timeout_ms, size_t max_head, HttpMessage* out) {
  size_t end;
  while ((end = pending->find("\r\n\r\n")) == std::string::npos) {
    if (pending->size() > max_head) return ReadOutcome::kTooLarge;
    bool had_bytes = !pending->empty();
    IoResult result = ReadSome(socket, pending, timeout_ms);
    if (result == IoResult::kClosed) return had_bytes ? ReadOutcome::kMalformed : ReadOutcome::kClosed;
    if (result != IoResult::kOk) return FromIo(result);
  }
  std::string head = pending->substr(0, end + 2);
  pending->erase(0, end + 4);
  *out = HttpMessage();
  size_t line_end = head.find("\r\n");
  out->start_line = head.substr(0, line_end);
  size_t at = line_end + 2;
  while (at < head.size()) {
    size_t next = head.find("\r\n", at);
    std::string line = head.substr(at, next - at);
    at = next + 2;
    size_t colon = line.find(':');
    if (colon == std::string::npos || colon == 0) return ReadOutcome::kMalformed;
    out->headers.emplace_back(line.substr(0, colon), Trim(line.substr(colon + 1)));
  }
  return out->start_line.empty() ? ReadOutcome::kMalformed : ReadOutcome::kOk;
}

ReadOutcome ReadBody(const Socket& socket, std::string* pending, int timeout_ms, bool is_response,
                     const std::string& request_method, size_t max_body, HttpMessage* message) {
  message->body.clear();
  if (is_response) {
    int status = message->StatusCode();
    if (request_method == "HEAD" || status == 204 || status == 304 || (status >= 100 && status < 200)) {
      return ReadOutcome::kOk;
    }
  }
  std::string encoding = message->Header("transfer-encoding");
  std::transform(encoding.begin(), encoding.end(), encoding.begin(), [](unsigned char c) { return std::tolower(c); });
  if (encoding.find("chunked") != std::string::npos) {
    return ReadChunked(socket, pending, timeout_ms, max_body, &message->body);
  }
  std::string length_text = message->Header("content-length");
  if (!length_text.empty()) {
    char* end = nullptr;
    unsigned long long length = std::strtoull(length_text.c_str(), &end, 10);
    if (end == length_text.c_str() || *end != '\0') return ReadOutcome::kMalformed;
    if (length > max_body) return ReadOutcome::kTooLarge;
    ReadOutcome outcome = Fill(socket, pending, static_cast<size_t>(length), timeout_ms);
    if (outcome != ReadOutcome::kOk) return outcome;
    message->body = pending->substr(0, static_cast<size_t>(length));
    pending->erase(0, static_cast<size_t>(length));
    return ReadOutcome::kOk;
  }
  if (!is_response) return ReadOutcome::kOk;  // a request without framing has no body
  while (true) {                              // a response body delimited by the end of the stream
    if (pending->size() > max_body) return ReadOutcome::kTooLarge;
    IoResult result = ReadSome(socket, pending, timeout_ms);
    if (result == IoResult::kClosed) break;
    if (result != IoResult::kOk) return FromIo(result);
  }
  message->body = std::move(*pending);
  pending->clear();
  return ReadOutcome::kOk;
}

HttpMessage MakeResponse(int status, const std::string& reason, const std::string& content_type, std::string body) {
  HttpMessage response;
  response.start_line = "HTTP/1.1 " + std::to_string(status) + " " + reason;
  response.headers.emplace_back("Content-Type", content_type);
  response.body = std::move(body);
  return response;
}

}  // namespace mlflow::testing::fault
