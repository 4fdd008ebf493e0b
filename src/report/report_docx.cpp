#include "report/report_docx.h"

#include "io/docx_writer.h"

namespace tiendo::report {
namespace {

// The SVG charts take their text sizes from the report's style sheet; drawn on their own they
// carry the same rules inside.
constexpr std::string_view chart_style =
    "<style>text { font-family: 'DejaVu Sans', Arial, sans-serif; fill: #222; } "
    ".label { font-size: 11px; } .value, .legend { font-size: 10px; fill: #333; } "
    ".total { font-size: 12px; font-weight: bold; } .heading { font-size: 11px; font-weight: "
    "bold; } .tick { stroke: #ddd; } .today { stroke: #111; stroke-dasharray: 3 3; } "
    ".slip { stroke: #d62728; stroke-width: 2; }</style>";

std::string with_style(const std::string& svg) {
  auto open = svg.find("<svg");
  auto end = open == std::string::npos ? open : svg.find('>', open);
  if (end == std::string::npos)
    return svg;
  return svg.substr(0, end + 1) + std::string(chart_style) + svg.substr(end + 1);
}

}  // namespace

std::string render_report_docx(const ReportContext& context) {
  std::vector<io::DocxBlock> document;
  std::string title;
  auto add = [&](io::DocxBlock::Kind kind, const std::string& text) {
    io::DocxBlock block;
    block.kind = kind;
    block.text = text;
    document.push_back(std::move(block));
  };
  for (const auto& block : compose_report(context)) {
    switch (block.kind) {
      case ReportBlock::Kind::Title:
        title = block.text;
        add(io::DocxBlock::Kind::Title, block.text);
        break;
      case ReportBlock::Kind::Period:
      case ReportBlock::Kind::Paragraph:
        add(io::DocxBlock::Kind::Paragraph, block.text);
        break;
      case ReportBlock::Kind::Heading:
        add(io::DocxBlock::Kind::Heading1, block.text);
        break;
      case ReportBlock::Kind::Subheading:
        add(io::DocxBlock::Kind::Heading2, block.text);
        break;
      case ReportBlock::Kind::Note:
        add(io::DocxBlock::Kind::Note, block.text);
        break;
      case ReportBlock::Kind::List:
        for (const auto& line : block.items)
          add(io::DocxBlock::Kind::Bullet, line);
        break;
      case ReportBlock::Kind::Table: {
        io::DocxBlock table;
        table.kind = io::DocxBlock::Kind::Table;
        table.header = block.header;
        table.rows = block.rows;
        table.numeric = block.numeric;
        table.total_row = block.total_row;
        table.after = block.more;
        document.push_back(std::move(table));
        break;
      }
      case ReportBlock::Kind::Chart: {
        auto raster = io::rasterize_svg(with_style(block.svg), 1.5);
        io::DocxBlock image;
        image.kind = io::DocxBlock::Kind::Image;
        image.text = block.text;
        image.png = std::move(raster.png);
        image.width = raster.width;
        image.height = raster.height;
        document.push_back(std::move(image));
        break;
      }
    }
  }
  io::DocxOptions options;
  options.title = title;
  options.language = context.language == Language::Vietnamese ? "vi-VN" : "en-GB";
  return io::write_docx(document, options);
}

}  // namespace tiendo::report
