#include "io/docx_writer.h"

#include <cairo.h>
#include <fmt/format.h>
#include <librsvg/rsvg.h>
#include <zip.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "domain/error.h"

namespace tiendo::io {
namespace {

std::string xml_escape(std::string_view raw) {
  std::string escaped;
  escaped.reserve(raw.size());
  for (char c : raw) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      default:
        // XML 1.0 allows no control characters but tab, newline and carriage return.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t')
          escaped += c;
    }
  }
  return escaped;
}

// A run of text; a cell's or paragraph's line breaks become Word line breaks.
std::string runs(std::string_view text, bool bold = false, int half_points = 0) {
  std::string properties;
  if (bold)
    properties += "<w:b/>";
  if (half_points > 0)
    properties += fmt::format("<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/>", half_points);
  std::string result = "<w:r>";
  if (!properties.empty())
    result += "<w:rPr>" + properties + "</w:rPr>";
  std::size_t start = 0;
  while (true) {
    auto end = text.find('\n', start);
    result += "<w:t xml:space=\"preserve\">" +
              xml_escape(text.substr(start, end == std::string_view::npos ? end : end - start)) +
              "</w:t>";
    if (end == std::string_view::npos)
      break;
    result += "<w:br/>";
    start = end + 1;
  }
  return result + "</w:r>";
}

std::string paragraph(std::string_view style, std::string_view text, std::string_view extra = "") {
  std::string properties;
  if (!style.empty())
    properties += fmt::format("<w:pStyle w:val=\"{}\"/>", style);
  properties += extra;
  return fmt::format("<w:p>{}{}</w:p>",
                     properties.empty() ? "" : "<w:pPr>" + properties + "</w:pPr>", runs(text));
}

// The text's width on A4 with 2 cm margins: 17 cm, in twentieths of a point and in EMU.
constexpr int text_width_twips = 9638;
constexpr std::int64_t text_width_emu = 6120000;

std::string table(const DocxBlock& block) {
  const std::size_t columns = std::max<std::size_t>(1, block.header.size());
  // Numbers take a narrow column, words two and a half times as wide.
  std::vector<int> widths(columns);
  int weights = 0;
  for (std::size_t c = 0; c < columns; ++c)
    weights += c < block.numeric.size() && block.numeric[c] ? 2 : 5;
  for (std::size_t c = 0; c < columns; ++c)
    widths[c] = text_width_twips * (c < block.numeric.size() && block.numeric[c] ? 2 : 5) /
                std::max(1, weights);
  std::string xml =
      "<w:tbl><w:tblPr><w:tblStyle w:val=\"ReportTable\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>"
      "<w:tblBorders>";
  for (const char* side : {"top", "left", "bottom", "right", "insideH", "insideV"})
    xml +=
        fmt::format("<w:{} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"999999\"/>", side);
  xml +=
      "</w:tblBorders><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" "
      "w:type=\"dxa\"/></w:tblCellMar><w:tblLook w:val=\"04A0\" w:firstRow=\"1\"/></w:tblPr>"
      "<w:tblGrid>";
  for (std::size_t c = 0; c < columns; ++c)
    xml += fmt::format("<w:gridCol w:w=\"{}\"/>", widths[c]);
  xml += "</w:tblGrid>";
  auto row = [&](const std::vector<std::string>& cells, bool header, bool bold) {
    std::string result = "<w:tr><w:trPr><w:cantSplit/>";
    if (header)
      result += "<w:tblHeader/>";
    result += "</w:trPr>";
    for (std::size_t c = 0; c < columns; ++c) {
      bool number = !header && c < block.numeric.size() && block.numeric[c];
      std::string shade =
          header ? "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"EEF2F7\"/>" : "";
      result += fmt::format(
          "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>{}</w:tcPr><w:p><w:pPr>"
          "<w:spacing w:before=\"0\" w:after=\"0\"/>{}</w:pPr>{}</w:p></w:tc>",
          widths[c], shade, number ? "<w:jc w:val=\"right\"/>" : "",
          runs(c < cells.size() ? cells[c] : "", header || bold, 20));
    }
    return result + "</w:tr>";
  };
  xml += row(block.header, true, true);
  for (std::size_t r = 0; r < block.rows.size(); ++r)
    xml += row(block.rows[r], false, block.total_row && r + 1 == block.rows.size());
  xml += "</w:tbl>";
  if (!block.after.empty())
    xml += paragraph("Note", block.after);
  else
    xml += paragraph("", "", "<w:spacing w:before=\"0\" w:after=\"0\"/>");
  return xml;
}

std::string image(const DocxBlock& block, int number) {
  std::int64_t width = static_cast<std::int64_t>(block.width) * 9525;
  std::int64_t height = static_cast<std::int64_t>(block.height) * 9525;
  if (width > text_width_emu) {
    height = height * text_width_emu / std::max<std::int64_t>(1, width);
    width = text_width_emu;
  }
  return fmt::format(
      "<w:p><w:pPr><w:keepNext w:val=\"0\"/></w:pPr><w:r><w:drawing><wp:inline distT=\"0\" "
      "distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{0}\" cy=\"{1}\"/><wp:docPr "
      "id=\"{2}\" name=\"Chart {2}\" descr=\"{3}\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks "
      "noChangeAspect=\"1\"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData "
      "uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic><pic:nvPicPr>"
      "<pic:cNvPr id=\"{2}\" name=\"chart{2}.png\" descr=\"{3}\"/><pic:cNvPicPr/></pic:nvPicPr>"
      "<pic:blipFill><a:blip r:embed=\"rImage{2}\"/><a:stretch><a:fillRect/></a:stretch>"
      "</pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{0}\" cy=\"{1}\"/>"
      "</a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>"
      "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>",
      width, height, number, xml_escape(block.text));
}

constexpr std::string_view content_types =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>)";

constexpr std::string_view package_relationships =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>)";

// Times New Roman, as Vietnamese administrative documents are set; headings Word recognises by
// their built-in names, so its navigation pane and table of contents find them.
std::string styles(const std::string& language) {
  return fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman"/><w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="{0}" w:eastAsia="{0}" w:bidi="{0}"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:jc w:val="center"/><w:spacing w:after="60"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:i/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:i/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Note"><w:name w:val="Note"/><w:basedOn w:val="Normal"/><w:qFormat/><w:rPr><w:i/><w:color w:val="555555"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="360" w:hanging="240"/></w:pPr></w:style><w:style w:type="table" w:styleId="ReportTable"><w:name w:val="Report Table"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="999999"/><w:left w:val="single" w:sz="4" w:space="0" w:color="999999"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="999999"/><w:right w:val="single" w:sz="4" w:space="0" w:color="999999"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="999999"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="999999"/></w:tblBorders></w:tblPr></w:style></w:styles>)",
      xml_escape(language));
}

struct ZipArchive {
  zip_source_t* source = nullptr;
  zip_t* archive = nullptr;
  ~ZipArchive() {
    if (archive)
      zip_discard(archive);
    else if (source)
      zip_source_free(source);
  }
};

}  // namespace

std::string write_docx(const std::vector<DocxBlock>& blocks, const DocxOptions& options) {
  std::string body;
  std::vector<std::string> images;
  for (const auto& block : blocks) {
    switch (block.kind) {
      case DocxBlock::Kind::Title:
        body += paragraph("Title", block.text);
        break;
      case DocxBlock::Kind::Heading1:
        body += paragraph("Heading1", block.text);
        break;
      case DocxBlock::Kind::Heading2:
        body += paragraph("Heading2", block.text);
        break;
      case DocxBlock::Kind::Paragraph:
        body += paragraph("", block.text, "<w:jc w:val=\"both\"/>");
        break;
      case DocxBlock::Kind::Note:
        body += paragraph("Note", block.text);
        break;
      case DocxBlock::Kind::Bullet:
        body += paragraph("ListBullet", "– " + block.text);
        break;
      case DocxBlock::Kind::Table:
        body += table(block);
        break;
      case DocxBlock::Kind::Image:
        images.push_back(block.png);
        body += image(block, static_cast<int>(images.size()));
        break;
    }
  }
  std::string document = fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>{}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr></w:body></w:document>)",
      body);
  std::string relationships =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)";
  for (std::size_t i = 1; i <= images.size(); ++i)
    relationships += fmt::format(
        R"(<Relationship Id="rImage{0}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/chart{0}.png"/>)",
        i);
  relationships += "</Relationships>";
  std::string core = fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>tiendo</dc:creator><dc:language>{}</dc:language></cp:coreProperties>)",
      xml_escape(options.title), xml_escape(options.language));

  // Every part is kept in `parts` until the archive is closed: libzip reads them only then.
  std::vector<std::pair<std::string, std::string>> parts = {
      {"[Content_Types].xml", std::string(content_types)},
      {"_rels/.rels", std::string(package_relationships)},
      {"docProps/core.xml", core},
      {"word/document.xml", document},
      {"word/styles.xml", styles(options.language)},
      {"word/_rels/document.xml.rels", relationships}};
  for (std::size_t i = 0; i < images.size(); ++i)
    parts.emplace_back(fmt::format("word/media/chart{}.png", i + 1), images[i]);

  zip_error_t error;
  zip_error_init(&error);
  ZipArchive zip;
  zip.source = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!zip.source)
    throw Error("docx: cannot create the archive in memory");
  zip.archive = zip_open_from_source(zip.source, ZIP_TRUNCATE, &error);
  if (!zip.archive)
    throw Error("docx: cannot open the archive in memory");
  zip_source_keep(zip.source);
  for (const auto& [name, bytes] : parts) {
    zip_source_t* part = zip_source_buffer(zip.archive, bytes.data(), bytes.size(), 0);
    if (!part || zip_file_add(zip.archive, name.c_str(), part, ZIP_FL_ENC_UTF_8) < 0) {
      if (part)
        zip_source_free(part);
      throw Error(fmt::format("docx: cannot add {}", name));
    }
  }
  if (zip_close(zip.archive) < 0)
    throw Error("docx: cannot write the archive");
  zip.archive = nullptr;
  std::string bytes;
  if (zip_source_open(zip.source) < 0)
    throw Error("docx: cannot read the archive back");
  zip_stat_t stat;
  zip_source_stat(zip.source, &stat);
  bytes.resize(static_cast<std::size_t>(stat.size));
  zip_int64_t read = zip_source_read(zip.source, bytes.data(), stat.size);
  zip_source_close(zip.source);
  if (read < 0 || static_cast<zip_uint64_t>(read) != stat.size)
    throw Error("docx: cannot read the archive back");
  return bytes;
}

namespace {

cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

RasterImage rasterize_svg(const std::string& svg, double scale) {
  GError* error = nullptr;
  std::unique_ptr<RsvgHandle, void (*)(void*)> handle(
      rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error),
      g_object_unref);
  if (!handle) {
    std::string message = error ? error->message : "unreadable";
    if (error)
      g_error_free(error);
    throw Error("chart: librsvg cannot read the drawing: " + message);
  }
  gdouble width = 0, height = 0;
  if (!rsvg_handle_get_intrinsic_size_in_pixels(handle.get(), &width, &height)) {
    RsvgRectangle viewbox{};
    gboolean has_width = false, has_height = false, has_viewbox = false;
    RsvgLength length_width{}, length_height{};
    rsvg_handle_get_intrinsic_dimensions(handle.get(), &has_width, &length_width, &has_height,
                                         &length_height, &has_viewbox, &viewbox);
    width = viewbox.width;
    height = viewbox.height;
  }
  RasterImage result;
  result.width = static_cast<int>(std::ceil(width * scale));
  result.height = static_cast<int>(std::ceil(height * scale));
  cairo_surface_t* surface =
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, result.width, result.height);
  cairo_t* cairo = cairo_create(surface);
  // A white ground: a transparent PNG shows black in some viewers.
  cairo_set_source_rgb(cairo, 1, 1, 1);
  cairo_paint(cairo);
  RsvgRectangle viewport{0, 0, static_cast<double>(result.width),
                         static_cast<double>(result.height)};
  gboolean drawn = rsvg_handle_render_document(handle.get(), cairo, &viewport, &error);
  cairo_destroy(cairo);
  if (drawn)
    cairo_surface_write_to_png_stream(surface, append_png, &result.png);
  cairo_surface_destroy(surface);
  if (!drawn) {
    std::string message = error ? error->message : "cannot draw";
    if (error)
      g_error_free(error);
    throw Error("chart: librsvg cannot draw the drawing: " + message);
  }
  // Sizes in the document are CSS pixels: the PNG holds `scale` times as many.
  result.width = static_cast<int>(std::ceil(width));
  result.height = static_cast<int>(std::ceil(height));
  return result;
}

}  // namespace tiendo::io
