#include "common/field_reference.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "common/standard_schema.h"

namespace sgs {
namespace {

using ::google::protobuf::EnumDescriptor;

// Every value of a code list with all its accepted texts:
// "有效（1）；无效（2）", "身份证/居民身份证".
std::string CodeListCell(const EnumDescriptor* list) {
  std::vector<std::string> values;
  for (int i = 0; i < list->value_count(); ++i) {
    const auto* value = list->value(i);
    std::vector<std::string> texts = CodeTexts(value);
    if (texts.empty()) continue;
    std::string cell = absl::StrJoin(texts, "/");
    const std::string& code =
        value->options().GetExtension(sgs::v1::value_code);
    if (!code.empty()) absl::StrAppend(&cell, "（", code, "）");
    values.push_back(std::move(cell));
  }
  return absl::StrJoin(values, "；");
}

std::string Escape(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"|", "\\|"}, {"\n", " "}});
}

void AppendTable(sgs::v1::RecordKind kind, absl::string_view title,
                 std::string* out) {
  absl::StrAppend(
      out, "## ", title, "\n\n",
      "| 字段代码 | 中文名称 | 类型 | 填报要求 | 代码值 | 字段路径 |\n",
      "|---|---|---|---|---|---|\n");
  for (const StandardColumn& column : StandardColumns(kind)) {
    std::string requirement(RequirementText(column.spec->requirement()));
    if (!column.spec->condition().empty()) {
      absl::StrAppend(&requirement, "：", column.spec->condition());
    }
    const EnumDescriptor* list = column.field->enum_type();
    absl::StrAppend(out, "| ", column.code, " | ", Escape(column.name), " | ",
                    ValueTypeText(column.spec->type()), " | ",
                    Escape(requirement), " | ",
                    list == nullptr ? "" : CodeListCell(list), " | `",
                    column.path, "` |\n");
  }
  absl::StrAppend(out, "\n");
}

}  // namespace

std::string RenderFieldReference() {
  std::string out =
      "# 双公示数据标准字段说明\n\n"
      "<!-- 由 build/sgs_field_reference 根据 protos/sgs/v1/record.proto 生成，"
      "请勿手工修改。 -->\n\n"
      "本表由 `protos/sgs/v1/record.proto` 中的字段选项（standard、text）"
      "生成；校验提示、导入工具的表头识别与本表使用同一份定义。\n\n"
      "导入文件（CSV）的表头可以写字段代码（如 `XK_XDR_MC`），也可以写中文"
      "名称（如 `行政相对人名称`），顺序不限，前后空格不影响识别。两类记录"
      "共有的中文名称（如 `行政相对人名称`、`数据来源单位`）按本行记录的种类"
      "归入 XK_ 或 CF_ 字段。此外导入工具还识别 `KIND`（记录种类：XK/行政"
      "许可 或 CF/行政处罚）。\n\n"
      "日期可写作 `2024-07-03`、`2024/7/3`、`2024.7.3` 或 `2024年7月3日`。"
      "代码值可填中文（如 `法人及非法人组织`）或括号内的数字代码。"
      "报送单位（DWDM）可填单位代码、官方名称或别称。\n\n";
  AppendTable(sgs::v1::LICENSING, "行政许可（XK）", &out);
  AppendTable(sgs::v1::PENALTY, "行政处罚（CF）", &out);
  return out;
}

}  // namespace sgs
