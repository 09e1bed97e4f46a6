#include "importer/csv_reader.h"

#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sgs::importer {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A record as read, with the line it starts on.
struct Row {
  int64_t line;
  std::vector<std::string> fields;
};

// Reads everything; errors become rows with one field "ERROR: <message>".
std::vector<Row> ReadAll(const std::string& text) {
  std::istringstream in(text);
  CsvReader reader(&in);
  std::vector<Row> rows;
  std::vector<std::string> fields;
  for (int guard = 0; guard < 1000; ++guard) {
    absl::StatusOr<bool> got = reader.Next(&fields);
    if (!got.ok()) {
      rows.push_back({reader.record_line(),
                      {"ERROR: " + std::string(got.status().message())}});
      continue;
    }
    if (!*got) break;
    rows.push_back({reader.record_line(), fields});
  }
  return rows;
}

TEST(CsvReaderTest, PlainFieldsAndLineNumbers) {
  std::vector<Row> rows = ReadAll("a,b,c\n1,2,3\n4,,6\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(rows[0].fields, ElementsAre("a", "b", "c"));
  EXPECT_THAT(rows[1].fields, ElementsAre("1", "2", "3"));
  EXPECT_THAT(rows[2].fields, ElementsAre("4", "", "6"));
  EXPECT_EQ(rows[0].line, 1);
  EXPECT_EQ(rows[1].line, 2);
  EXPECT_EQ(rows[2].line, 3);
}

TEST(CsvReaderTest, LastLineWithoutNewlineAndTrailingEmptyField) {
  std::vector<Row> rows = ReadAll("a,b,\nx,y,z");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_THAT(rows[0].fields, ElementsAre("a", "b", ""));
  EXPECT_THAT(rows[1].fields, ElementsAre("x", "y", "z"));
}

TEST(CsvReaderTest, QuotedFieldsWithDelimitersAndDoubledQuotes) {
  std::vector<Row> rows =
      ReadAll("\"殷都区,教育局\",\"他说\"\"好\"\"\",\"\"\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_THAT(rows[0].fields, ElementsAre("殷都区,教育局", "他说\"好\"", ""));
}

TEST(CsvReaderTest, SkipsByteOrderMark) {
  std::vector<Row> rows = ReadAll("\xEF\xBB\xBFXK_XDR_MC,XK_WSH\n甲,乙\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_THAT(rows[0].fields, ElementsAre("XK_XDR_MC", "XK_WSH"));
  EXPECT_EQ(rows[1].line, 2);
}

TEST(CsvReaderTest, ShortInputsWithoutBom) {
  // Fewer than three bytes, and bytes that only look like a BOM's start.
  EXPECT_THAT(ReadAll("a")[0].fields, ElementsAre("a"));
  std::vector<Row> rows = ReadAll("\xEF\xBB,x\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_THAT(rows[0].fields[0], HasSubstr("ERROR"));  // not UTF-8
  EXPECT_TRUE(ReadAll("").empty());
}

TEST(CsvReaderTest, CrLfAndLoneCrLineEnds) {
  std::vector<Row> rows = ReadAll("a,b\r\n1,2\r\n3,4\r5,6");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_THAT(rows[1].fields, ElementsAre("1", "2"));
  EXPECT_THAT(rows[2].fields, ElementsAre("3", "4"));
  EXPECT_THAT(rows[3].fields, ElementsAre("5", "6"));
  EXPECT_EQ(rows[2].line, 3);
  EXPECT_EQ(rows[3].line, 4);
}

TEST(CsvReaderTest, EmbeddedNewlinesKeepPhysicalLineNumbers) {
  const std::string text =
      "h1,h2\n"                 // line 1
      "\"第一行\n第二行\",x\n"  // lines 2-3
      "\"a\r\nb\r\nc\",y\r\n"   // lines 4-6
      "z,w\n";                  // line 7
  std::vector<Row> rows = ReadAll(text);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_THAT(rows[1].fields, ElementsAre("第一行\n第二行", "x"));
  EXPECT_EQ(rows[1].line, 2);
  EXPECT_THAT(rows[2].fields, ElementsAre("a\r\nb\r\nc", "y"));
  EXPECT_EQ(rows[2].line, 4);
  EXPECT_THAT(rows[3].fields, ElementsAre("z", "w"));
  EXPECT_EQ(rows[3].line, 7);
}

TEST(CsvReaderTest, BlankLineIsOneEmptyField) {
  std::vector<Row> rows = ReadAll("a\n\nb\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(rows[1].fields, ElementsAre(""));
  EXPECT_EQ(rows[2].line, 3);
}

TEST(CsvReaderTest, StrayQuoteIsAnErrorAndReadingGoesOn) {
  std::vector<Row> rows = ReadAll("a,b\n1,x\"y\n2,3\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(rows[1].fields[0], HasSubstr("ERROR"));
  EXPECT_THAT(rows[1].fields[0], HasSubstr("第2行"));
  EXPECT_THAT(rows[1].fields[0], HasSubstr("第2个字段"));
  EXPECT_EQ(rows[1].line, 2);
  EXPECT_THAT(rows[2].fields, ElementsAre("2", "3"));
  EXPECT_EQ(rows[2].line, 3);
}

TEST(CsvReaderTest, TextAfterClosingQuoteIsAnError) {
  std::vector<Row> rows = ReadAll("\"ab\"c,d\nok,1\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_THAT(rows[0].fields[0], HasSubstr("右引号后"));
  EXPECT_THAT(rows[1].fields, ElementsAre("ok", "1"));
  EXPECT_EQ(rows[1].line, 2);
}

TEST(CsvReaderTest, UnterminatedQuoteEndsInput) {
  std::vector<Row> rows = ReadAll("a,b\n1,\"open\n2,3\n4,5\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_THAT(rows[1].fields[0], HasSubstr("未闭合"));
  EXPECT_EQ(rows[1].line, 2);
}

TEST(CsvReaderTest, RejectsNonUtf8Fields) {
  // "教育局" in GBK.
  std::vector<Row> rows = ReadAll("a,b\n\xBD\xCC\xD3\xFD\xBE\xD6,1\nc,d\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(rows[1].fields[0], HasSubstr("UTF-8"));
  EXPECT_THAT(rows[2].fields, ElementsAre("c", "d"));
}

TEST(CsvReaderTest, StreamsLargeInputWithoutLosingRecords) {
  std::string text = "n,v\n";
  for (int i = 0; i < 20000; ++i) {
    text += std::to_string(i) + ",\"值\n" + std::to_string(i) + "\"\n";
  }
  std::istringstream in(text);
  CsvReader reader(&in);
  std::vector<std::string> fields;
  ASSERT_TRUE(*reader.Next(&fields));
  for (int i = 0; i < 20000; ++i) {
    absl::StatusOr<bool> got = reader.Next(&fields);
    ASSERT_TRUE(got.ok() && *got) << i;
    ASSERT_EQ(fields[0], std::to_string(i));
    ASSERT_EQ(reader.record_line(), 2 + 2 * i);
  }
  EXPECT_FALSE(*reader.Next(&fields));
}

// Plain fields are read a block (64 KiB) at a time: fields longer than a
// block, and fields, line ends and a stray quote on every side of a block
// boundary, read as a character at a time would.
TEST(CsvReaderTest, PlainRunsAcrossBlockBoundaries) {
  const std::string long_field(150000, 'x');
  std::string text = "a;b\r\n" + long_field + ";短\r\n";
  for (int i = 0; i < 9000; ++i) {
    text += "行" + std::to_string(i) + ";" + std::string(i % 17, 'y') + "\r\n";
  }
  text += "bad" + std::string(70000, 'z') + "\"quote;x\r\nlast;row";
  std::istringstream in(text);
  CsvReader reader(&in, ';');
  std::vector<std::string> fields;
  ASSERT_TRUE(*reader.Next(&fields));
  EXPECT_THAT(fields, ElementsAre("a", "b"));
  ASSERT_TRUE(*reader.Next(&fields));
  EXPECT_THAT(fields, ElementsAre(long_field, "短"));
  EXPECT_EQ(reader.record_line(), 2);
  for (int i = 0; i < 9000; ++i) {
    absl::StatusOr<bool> got = reader.Next(&fields);
    ASSERT_TRUE(got.ok() && *got) << i;
    ASSERT_THAT(fields,
                ElementsAre("行" + std::to_string(i), std::string(i % 17, 'y')))
        << i;
    ASSERT_EQ(reader.record_line(), 3 + i);
  }
  absl::StatusOr<bool> bad = reader.Next(&fields);
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(reader.record_line(), 9003);
  ASSERT_TRUE(*reader.Next(&fields));
  EXPECT_THAT(fields, ElementsAre("last", "row"));
  EXPECT_EQ(reader.record_line(), 9004);
  EXPECT_FALSE(*reader.Next(&fields));
}

TEST(Utf8Test, Validation) {
  EXPECT_TRUE(IsValidUtf8("殷都区 ABC"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("\xE6\xAE"));      // truncated
  EXPECT_FALSE(IsValidUtf8("\xBD\xCC"));      // GBK
}

}  // namespace
}  // namespace sgs::importer
