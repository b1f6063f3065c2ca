#include "mlflow/models/confusion_matrix_svg.h"

#include <algorithm>
#include <cstdio>

namespace mlflow::models {
namespace {

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string Format(const char* format, double a, double b = 0.0) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), format, a, b);
  return buffer;
}

// White to a saturated blue as `share` goes from 0 to 1.
std::string CellColour(double share) {
  share = std::clamp(share, 0.0, 1.0);
  auto channel = [&](int from, int to) { return static_cast<int>(from + (to - from) * share + 0.5); };
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "#%02x%02x%02x", channel(247, 8), channel(251, 69), channel(255, 148));
  return buffer;
}

}  // namespace

std::string RenderConfusionMatrixSvg(const Evaluation& e, const SvgOptions& options) {
  const int k = static_cast<int>(e.labels.size());
  const int cell = std::max(40, options.cell_size);
  const int left = 130;
  const int top = 90;
  const int width = left + k * cell + 30;
  const int height = top + k * cell + 60;
  std::string svg;
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) + "\" height=\"" +
         std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) +
         "\" font-family=\"Helvetica, Arial, sans-serif\">\n";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  svg += "<text x=\"" + std::to_string(width / 2) + "\" y=\"24\" font-size=\"16\" text-anchor=\"middle\">" +
         Escape(options.title) + "</text>\n";
  svg += "<text x=\"" + std::to_string(width / 2) +
         "\" y=\"44\" font-size=\"12\" text-anchor=\"middle\" fill=\"#444\">" +
         Format("accuracy %.3f, macro-recall %.3f", e.accuracy, e.macro_recall) + ", n=" + std::to_string(e.total) +
         "</text>\n";
  svg += "<text x=\"" + std::to_string(left + k * cell / 2) + "\" y=\"" + std::to_string(top - 28) +
         "\" font-size=\"13\" text-anchor=\"middle\">predicted</text>\n";
  svg += "<text x=\"18\" y=\"" + std::to_string(top + k * cell / 2) +
         "\" font-size=\"13\" text-anchor=\"middle\" "
         "transform=\"rotate(-90 18 " +
         std::to_string(top + k * cell / 2) + ")\">true</text>\n";
  for (int c = 0; c < k; ++c) {
    svg += "<text x=\"" + std::to_string(left + c * cell + cell / 2) + "\" y=\"" + std::to_string(top - 8) +
           "\" font-size=\"12\" text-anchor=\"middle\">" + Escape(e.labels[c]) + "</text>\n";
    svg += "<text x=\"" + std::to_string(left - 8) + "\" y=\"" + std::to_string(top + c * cell + cell / 2 + 4) +
           "\" font-size=\"12\" text-anchor=\"end\">" + Escape(e.labels[c]) + "</text>\n";
  }
  for (int t = 0; t < k; ++t) {
    size_t row_total = 0;
    for (int p = 0; p < k; ++p) row_total += e.confusion[t][p];
    for (int p = 0; p < k; ++p) {
      const size_t count = e.confusion[t][p];
      const double share = row_total ? static_cast<double>(count) / static_cast<double>(row_total) : 0.0;
      const int x = left + p * cell;
      const int y = top + t * cell;
      const char* ink = share > 0.5 ? "white" : "black";
      svg += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\" width=\"" + std::to_string(cell) +
             "\" height=\"" + std::to_string(cell) + "\" fill=\"" + CellColour(share) +
             "\" stroke=\"#999\" stroke-width=\"1\"/>\n";
      svg += "<text x=\"" + std::to_string(x + cell / 2) + "\" y=\"" + std::to_string(y + cell / 2) +
             "\" font-size=\"16\" text-anchor=\"middle\" fill=\"" + ink + "\">" + std::to_string(count) + "</text>\n";
      svg += "<text x=\"" + std::to_string(x + cell / 2) + "\" y=\"" + std::to_string(y + cell / 2 + 18) +
             "\" font-size=\"11\" text-anchor=\"middle\" fill=\"" + ink + "\">" + Format("%.1f%%", 100.0 * share) +
             "</text>\n";
    }
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace mlflow::models
