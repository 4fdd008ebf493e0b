#pragma once
// A Word document (.docx, Office Open XML) written directly with libzip: headings Word knows as
// headings (Title, Heading 1, Heading 2, so its navigation pane and table of contents find them),
// paragraphs, tables as Word tables (the header repeated on every page, no row split across
// pages, numbers right-aligned) and PNG images, on A4 with 2 cm margins. Enough for a department
// to open, edit and sign a drafted report; nothing that needs Word's own machinery (no fields,
// macros or embedded fonts).
#include <string>
#include <vector>

namespace tiendo::io {

struct DocxBlock {
  enum class Kind { Title, Heading1, Heading2, Paragraph, Note, Bullet, Table, Image };
  Kind kind = Kind::Paragraph;
  std::string text;  // Every kind but Table and Image; an image's description.
  // A table: the header row, the rows (a cell's lines separated by '\n'), which columns are
  // numbers, whether the last row is a total, and a line under the table (empty for none).
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;
  bool total_row = false;
  std::string after;
  // An image: PNG bytes and their size in pixels (shown scaled to the text's width when wider).
  std::string png;
  int width = 0, height = 0;
};

struct DocxOptions {
  std::string title;
  std::string language = "vi-VN";  // The proofing language of every run.
};

// The document's bytes. Throws Error when libzip cannot build the archive.
std::string write_docx(const std::vector<DocxBlock>& blocks, const DocxOptions& options);

// An SVG drawing rasterized to PNG by librsvg, `scale` pixels per SVG unit (2 for print). Throws
// Error when librsvg cannot read the drawing.
struct RasterImage {
  std::string png;
  int width = 0, height = 0;
};
RasterImage rasterize_svg(const std::string& svg, double scale);

}  // namespace tiendo::io
