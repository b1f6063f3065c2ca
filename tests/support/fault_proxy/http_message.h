// HTTP/1.1 messages as the fault proxy reads and rewrites them.
//
// A message is read in two steps, head then body, so the proxy can answer
// `Expect: 100-continue` in between. Bodies framed by Content-Length, chunked transfer
// encoding or (responses only) the end of the stream are all read whole and re-framed with a
// Content-Length when serialised. Pure parsing plus blocking reads; no shared state.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "support/fault_proxy/socket_io.h"

namespace mlflow::testing::fault {

struct HttpMessage {
  std::string start_line;  // "POST /api/... HTTP/1.1" or "HTTP/1.1 200 OK"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // Case-insensitive; empty when absent.
  std::string Header(const std::string& name) const;
  bool HasHeader(const std::string& name) const;
  void RemoveHeader(const std::string& name);
  void SetHeader(const std::string& name, const std::string& value);

  // Request line parts.
  std::string Method() const;
  std::string Target() const;  // path and query
  // Response status code (0 when the start line is not a status line).
  int StatusCode() const;

  // Start line, headers (Content-Length set to body.size(), Transfer-Encoding dropped), body.
  std::string Serialize() const;
  // Only the head, framed as Serialize() frames it.
  std::string SerializeHead() const;
};

enum class ReadOutcome { kOk, kClosed, kTimeout, kError, kMalformed, kTooLarge };
const char* ReadOutcomeName(ReadOutcome outcome);

// Reads up to the blank line ending the head. `pending` holds bytes read past the previous
// message and keeps those read past this head. kClosed: the stream ended before any byte.
ReadOutcome ReadHead(const Socket& socket, std::string* pending, int timeout_ms, size_t max_head, HttpMessage* out);

// Reads the body the head announces. For a response, `request_method` decides whether a body
// may follow (none after HEAD) and a body without framing runs to the end of the stream.
ReadOutcome ReadBody(const Socket& socket, std::string* pending, int timeout_ms, bool is_response,
                     const std::string& request_method, size_t max_body, HttpMessage* message);

// A complete response with a text body.
HttpMessage MakeResponse(int status, const std::string& reason, const std::string& content_type, std::string body);

}  // namespace mlflow::testing::fault
