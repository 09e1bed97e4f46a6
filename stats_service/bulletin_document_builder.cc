#include "stats_service/bulletin_document_builder.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/dates.h"
#include "common/utf8_lenient.h"
#include "stats_service/bulletin_template.h"

namespace sgs::stats {
namespace {

using ::sgs::config::v1::BulletinSection;
using ::sgs::config::v1::BulletinTable;
using ::sgs::config::v1::BulletinTemplate;
using ::sgs::v1::Escalation;
using ::sgs::v1::EscalationAction;
using ::sgs::v1::Period;
using ::sgs::v1::PeriodReport;
using ::sgs::v1::Rate;
using ::sgs::v1::UnitStats;

constexpr const char* kQuarterNames[] = {"一", "二", "三", "四"};

// ---------------------------------------------------------------------------
// The period as the bulletin words it.
// ---------------------------------------------------------------------------

struct PeriodWords {
  std::string file_key;  // "2024-07" / "2024-Q3" / "2024", for file names.
  absl::CivilDay start;
  absl::CivilDay end;
  std::string name;      // "7月份" / "2024年第三季度" / "2024年度".
  std::string in_intro;  // "2024年7月份" / "2024年第三季度".
  std::string previous_name;  // "上季度" / "上年度".
  std::string summary_range;  // "2024年7月1日至7月31日".
  std::string short_range;    // "7.1-7.31".
};

absl::StatusOr<PeriodWords> DescribePeriod(const PeriodReport& report) {
  absl::StatusOr<absl::CivilDay> start = ParseDate(report.start_date());
  absl::StatusOr<absl::CivilDay> end = ParseDate(report.end_date());
  if (!start.ok() || !end.ok() || *end < *start) {
    return absl::InvalidArgumentError(absl::StrCat(
        "统计周期日期无效 (invalid period dates): ", report.start_date(), "..",
        report.end_date()));
  }
  const Period& period = report.period();
  PeriodWords words;
  words.start = *start;
  words.end = *end;
  switch (period.type()) {
    case Period::MONTH:
      if (period.month() < 1 || period.month() > 12) {
        return absl::InvalidArgumentError(
            absl::StrCat("月份无效 (invalid month): ", period.month()));
      }
      words.file_key =
          absl::StrFormat("%04d-%02d", period.year(), period.month());
      words.name = absl::StrCat(period.month(), "月份");
      words.in_intro =
          absl::StrCat(period.year(), "年", period.month(), "月份");
      words.previous_name = "上月";
      break;
    case Period::QUARTER:
      if (period.quarter() < 1 || period.quarter() > 4) {
        return absl::InvalidArgumentError(
            absl::StrCat("季度无效 (invalid quarter): ", period.quarter()));
      }
      words.file_key =
          absl::StrFormat("%04d-Q%d", period.year(), period.quarter());
      words.name = absl::StrCat(period.year(), "年第",
                                kQuarterNames[period.quarter() - 1], "季度");
      words.in_intro = words.name;
      words.previous_name = "上季度";
      break;
    case Period::YEAR:
      words.file_key = absl::StrFormat("%04d", period.year());
      words.name = absl::StrCat(period.year(), "年度");
      words.in_intro = words.name;
      words.previous_name = "上年度";
      break;
    default:
      return absl::InvalidArgumentError(
          "通报只按月、季度或年度生成 (a bulletin covers a MONTH, QUARTER or "
          "YEAR)");
  }
  const bool same_year = start->year() == end->year();
  words.summary_range =
      absl::StrCat(ChineseDate(*start), "至",
                   same_year ? "" : absl::StrCat(end->year(), "年"),
                   end->month(), "月", end->day(), "日");
  words.short_range =
      same_year
          ? absl::StrCat(start->month(), ".", start->day(), "-", end->month(),
                         ".", end->day())
          : absl::StrCat(start->year(), ".", start->month(), ".", start->day(),
                         "-", end->year(), ".", end->month(), ".", end->day());
  return words;
}

// A sub-period's short name in the per-month table: "7月", "第一季度".
std::string SubPeriodName(const PeriodReport& report) {
  const Period& p = report.period();
  if (p.type() == Period::MONTH) return absl::StrCat(p.month(), "月");
  if (p.type() == Period::QUARTER && p.quarter() >= 1 && p.quarter() <= 4) {
    return absl::StrCat("第", kQuarterNames[p.quarter() - 1], "季度");
  }
  return report.start_date();
}

// "2024-06" → "2024年6月", "2024-Q2" → "2024年第二季度", "2024" → "2024年".
std::string PeriodKeyWords(const std::string& key) {
  std::vector<std::string> parts = absl::StrSplit(key, '-');
  if (parts.size() == 2 && parts[1].size() == 2 && parts[1][0] == 'Q') {
    const int q = parts[1][1] - '0';
    if (q >= 1 && q <= 4) {
      return absl::StrCat(parts[0], "年第", kQuarterNames[q - 1], "季度");
    }
  }
  if (parts.size() == 2) {
    return absl::StrCat(parts[0], "年", std::atoi(parts[1].c_str()), "月");
  }
  return absl::StrCat(key, "年");
}

// ---------------------------------------------------------------------------
// Cells and attachment tables.
// ---------------------------------------------------------------------------

TableCell Text(std::string text) {
  TableCell cell;
  cell.text = std::move(text);
  return cell;
}

TableCell Integer(int64_t value) {
  TableCell cell;
  cell.text = absl::StrCat(value);
  cell.kind = CellKind::kInteger;
  cell.value = static_cast<double>(value);
  return cell;
}

TableCell Percent(const Rate& rate) {
  TableCell cell;
  cell.text = rate.percent();
  cell.kind = CellKind::kPercent;
  cell.value = static_cast<double>(rate.hundredths_of_percent()) / 100.0;
  return cell;
}

// Attachment 2 of the bulletin prints a full pass rate as "100%".
TableCell SummaryPassRate(const Rate& rate) {
  TableCell cell = Percent(rate);
  if (rate.denominator() > 0 && rate.numerator() == rate.denominator()) {
    cell.text = "100%";
  }
  return cell;
}

TableCell SumOf(TableCell cell) {
  cell.total = TableCell::Total::kSum;
  return cell;
}

TableCell RatioOf(TableCell cell, int numerator, int denominator) {
  cell.total = TableCell::Total::kRatioOfColumns;
  cell.numerator_column = numerator;
  cell.denominator_column = denominator;
  return cell;
}

std::vector<std::string> DefaultHeadings(const BulletinTable& config) {
  const std::string unit =
      config.unit_heading().empty() ? "单位" : config.unit_heading();
  if (config.layout() == BulletinTable::SUMMARY) {
    return {"序号", unit, "报送数据量", "合格数据量", "数据合格率"};
  }
  return {"序号",         unit,           "迟报数量",    "漏报数量",
          "合格数量",     "行政许可",     "行政处罚",    "双公示合计",
          "双公示迟报率", "双公示漏报率", "双公示合格率"};
}

Table AttachmentTable(
    const BulletinTable& config,
    const google::protobuf::RepeatedPtrField<UnitStats>& units,
    const UnitStats& total) {
  Table table;
  if (config.column_headings_size() > 0) {
    table.column_headings.assign(config.column_headings().begin(),
                                 config.column_headings().end());
  } else {
    table.column_headings = DefaultHeadings(config);
  }
  const std::string total_name =
      config.total_row_name().empty() ? "合计" : config.total_row_name();
  const bool summary = config.layout() == BulletinTable::SUMMARY;
  table.landscape = !summary;
  for (int i = 0; i < units.size(); ++i) {
    const UnitStats& s = units.Get(i);
    const auto& all = s.all();
    if (summary) {
      table.rows.push_back(
          {Integer(i + 1), Text(s.unit_name()), Integer(all.total_count()),
           Integer(all.qualified_count()), SummaryPassRate(all.pass_rate())});
    } else {
      table.rows.push_back(
          {Integer(i + 1), Text(s.unit_name()), Integer(all.late_count()),
           Integer(all.missed_count()), Integer(all.qualified_count()),
           Integer(s.licensing_count()), Integer(s.penalty_count()),
           Integer(all.total_count()), Percent(all.late_rate()),
           Percent(all.missed_rate()), Percent(all.pass_rate())});
    }
  }
  const auto& all = total.all();
  if (summary) {
    table.rows.push_back({Text(""), Text(total_name),
                          SumOf(Integer(all.total_count())),
                          SumOf(Integer(all.qualified_count())),
                          RatioOf(SummaryPassRate(all.pass_rate()), 3, 2)});
  } else {
    table.rows.push_back({Text(""), Text(total_name),
                          SumOf(Integer(all.late_count())),
                          SumOf(Integer(all.missed_count())),
                          SumOf(Integer(all.qualified_count())),
                          SumOf(Integer(total.licensing_count())),
                          SumOf(Integer(total.penalty_count())),
                          SumOf(Integer(all.total_count())),
                          RatioOf(Percent(all.late_rate()), 2, 7),
                          RatioOf(Percent(all.missed_rate()), 3, 7),
                          RatioOf(Percent(all.pass_rate()), 4, 7)});
  }
  table.last_row_is_total = true;
  return table;
}

// The template's tables, or the July 2024 bulletin's two.
std::vector<BulletinTable> TablesOf(const BulletinTemplate& t) {
  if (t.tables_size() > 0) return {t.tables().begin(), t.tables().end()};
  BulletinTable departments;
  departments.set_unit_kind(sgs::config::v1::DEPARTMENT);
  departments.set_layout(BulletinTable::DETAILED);
  departments.set_title("{year}年“双公示”工作情况统计表（{range}）");
  departments.set_unit_heading("部门");
  departments.set_total_row_name("部门总计");
  BulletinTable townships;
  townships.set_unit_kind(sgs::config::v1::TOWNSHIP);
  townships.set_layout(BulletinTable::SUMMARY);
  townships.set_title("{year}年乡镇“双公示”工作情况统计表（{range}）");
  townships.set_unit_heading("乡镇");
  townships.set_total_row_name("总计");
  return {departments, townships};
}

std::vector<BulletinSection> SectionsOf(const BulletinTemplate& t) {
  if (t.sections_size() > 0) return {t.sections().begin(), t.sections().end()};
  auto section = [](BulletinSection::Kind kind, const char* heading) {
    BulletinSection s;
    s.set_kind(kind);
    s.set_heading(heading);
    return s;
  };
  return {section(BulletinSection::SUMMARY,
                  "{region_scope}{period_name}“双公示”信息质量情况"),
          section(BulletinSection::NAMED_UNITS, ""),
          section(BulletinSection::ACCOUNTABILITY, "督办事项"),
          section(BulletinSection::CONCEALMENT, "瞒报及抽查情况"),
          section(BulletinSection::REQUIREMENTS, ""),
          section(BulletinSection::CONTACTS, "")};
}

// ---------------------------------------------------------------------------
// Helpers for the body.
// ---------------------------------------------------------------------------

// Within the region's own bulletin the body names units without the region
// prefix ("教育局", as the bulletin does); the tables keep official names.
std::string BodyName(absl::string_view name, absl::string_view district) {
  if (!district.empty() && name.size() > district.size() &&
      absl::StartsWith(name, district)) {
    name.remove_prefix(district.size());
  }
  return std::string(name);
}

std::string PercentText(double value) {
  return absl::StrCat(absl::StrFormat("%g", value), "%");
}

// "2.50" for 250 hundredths of a point.
std::string PointsText(int64_t hundredths) {
  const int64_t magnitude = hundredths < 0 ? -hundredths : hundredths;
  return absl::StrFormat("%d.%02d", magnitude / 100, magnitude % 100);
}

std::string Change(int64_t now, int64_t before) {
  const int64_t diff = now - before;
  if (diff == 0) return "持平";
  return absl::StrCat(diff > 0 ? "上升" : "下降", PointsText(diff), "个百分点");
}

// "市场监督局报送双公示数据25条，迟报数据1条，漏报数据3条，双公示迟报率为
// 4.00%，漏报率为12.00%，合格率84.00%": zero parts are left out.
std::string NamedUnitSentence(const std::string& name, const UnitStats& s) {
  const auto& all = s.all();
  std::vector<std::string> parts = {
      absl::StrCat(name, "报送双公示数据", all.total_count(), "条")};
  std::vector<std::string> rates;
  if (all.late_count() > 0) {
    parts.push_back(absl::StrCat("迟报数据", all.late_count(), "条"));
    rates.push_back(absl::StrCat("迟报率为", all.late_rate().percent()));
  }
  if (all.missed_count() > 0) {
    parts.push_back(absl::StrCat("漏报数据", all.missed_count(), "条"));
    rates.push_back(absl::StrCat("漏报率为", all.missed_rate().percent()));
  }
  if (!rates.empty()) rates.front() = absl::StrCat("双公示", rates.front());
  rates.push_back(absl::StrCat("合格率", all.pass_rate().percent()));
  return absl::StrCat(absl::StrJoin(parts, "，"), "，",
                      absl::StrJoin(rates, "，"));
}

std::string TriggerWords(sgs::v1::EscalationTrigger trigger,
                         const sgs::config::v1::EscalationPolicy& policy) {
  switch (trigger) {
    case sgs::v1::LATE_RATE_ABOVE_THRESHOLD:
      return absl::StrCat("迟报率高于",
                          PercentText(policy.late_rate_threshold_percent()));
    case sgs::v1::CONCEALMENT:
      return "存在瞒报问题";
    case sgs::v1::VALID_OBJECTION:
      return "产生有效异议";
    case sgs::v1::SPOT_CHECK_FINDING:
      return "国家和省抽查发现应报未报、漏报数据";
    case sgs::v1::PASS_RATE_BELOW_TARGET:
      return absl::StrCat("合格率未达到",
                          PercentText(policy.named_below_pass_rate_percent()));
    case sgs::v1::FULL_PASS_WITH_VOLUME:
      return "合格率为100%且报送数据较多";
    default:
      return "";
  }
}

std::string ActionWords(EscalationAction action) {
  switch (action) {
    case sgs::v1::EXPLANATION_AND_RECTIFICATION:
      return "报送情况说明和整改方案";
    case sgs::v1::INTERVIEW_UNIT_HEAD:
      return "约谈单位“一把手”";
    case sgs::v1::INTERVIEW_DISTRICT_HEAD:
      return "约谈主要负责人";
    case sgs::v1::NAMED_IN_BULLETIN:
      return "通报点名";
    case sgs::v1::COMMENDED:
      return "通报表扬";
    default:
      return "";
  }
}

std::string PeriodUnitWord(const Period& period) {
  switch (period.type()) {
    case Period::MONTH:
      return "个月";
    case Period::QUARTER:
      return "个季度";
    case Period::YEAR:
      return "年";
    default:
      return "期";
  }
}

// Ends a sentence with "。" unless it already ends with one.
std::string Sentence(std::string text) {
  if (!absl::EndsWith(text, "。")) text += "。";
  return text;
}

class Builder {
 public:
  explicit Builder(const BulletinInput& input)
      : in_(input), t_(input.bulletin_template) {}

  absl::StatusOr<BulletinDocument> Build();

 private:
  absl::StatusOr<std::string> Fill(absl::string_view text) const {
    return FillBulletinText(text, in_.policy, context_);
  }
  absl::StatusOr<absl::CivilDay> DocumentDay() const;
  void IndexUnits();
  std::vector<const Escalation*> Of(EscalationAction action) const;
  const UnitStats& StatsOf(const Escalation& e) const;
  std::string NameOf(const Escalation& e) const;
  std::string UnitName(const UnitStats& s) const {
    return BodyName(s.unit_name(), in_.district_name);
  }

  absl::Status Summary(std::vector<Paragraph>* out) const;
  absl::Status NamedUnits(std::vector<Paragraph>* out) const;
  absl::Status Accountability(std::vector<Paragraph>* out) const;
  void Concealment(std::vector<Paragraph>* out) const;
  void NoRecordUnits(std::vector<Paragraph>* out) const;
  absl::Status Requirements(const BulletinSection& section,
                            std::vector<Paragraph>* out, bool* headed) const;
  absl::Status Attachments(BulletinDocument* doc) const;
  void SubPeriodAttachment(BulletinDocument* doc) const;
  void EscalationList(BulletinDocument* doc) const;

  const BulletinInput& in_;
  const BulletinTemplate& t_;
  PeriodWords period_;
  BulletinTextContext context_;
  absl::CivilDay document_day_;
  std::map<std::string, int, std::less<>> position_;
  std::map<std::string, const UnitStats*, std::less<>> stats_by_code_;
};

absl::StatusOr<absl::CivilDay> Builder::DocumentDay() const {
  const bool after_period =
      t_.date_source() == BulletinTemplate::WORKING_DAYS_AFTER_PERIOD &&
      !in_.draft;
  if (after_period) {
    if (in_.calendar == nullptr) {
      return absl::FailedPreconditionError(
          "成文日期需要工作日历 (the document date needs the calendar)");
    }
    absl::StatusOr<absl::CivilDay> day =
        in_.calendar->AddWorkingDays(period_.end, t_.date_working_days());
    if (!day.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("无法计算成文日期 (cannot compute the document date): ",
                       day.status().message()));
    }
    return *day;
  }
  if (!in_.today.has_value()) {
    return absl::FailedPreconditionError(
        "成文日期取生成之日，但未给出当天日期 (today is not set)");
  }
  return *in_.today;
}

void Builder::IndexUnits() {
  for (const auto* units :
       {&in_.report.departments(), &in_.report.townships()}) {
    for (const UnitStats& unit : *units) {
      position_.emplace(unit.unit_code(), static_cast<int>(position_.size()));
      stats_by_code_.emplace(unit.unit_code(), &unit);
    }
  }
}

// Escalations of one action, once per unit, in the tables' order.
std::vector<const Escalation*> Builder::Of(EscalationAction action) const {
  std::vector<const Escalation*> out;
  for (const Escalation& e : in_.escalations) {
    if (e.action() != action) continue;
    const bool seen = std::any_of(out.begin(), out.end(), [&](const auto* o) {
      return o->unit_code() == e.unit_code();
    });
    if (!seen) out.push_back(&e);
  }
  auto position = [&](const Escalation* e) {
    auto it = position_.find(e->unit_code());
    return it == position_.end() ? static_cast<int>(position_.size())
                                 : it->second;
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const Escalation* a, const Escalation* b) {
                     return position(a) < position(b);
                   });
  return out;
}

const UnitStats& Builder::StatsOf(const Escalation& e) const {
  auto it = stats_by_code_.find(e.unit_code());
  return it != stats_by_code_.end() ? *it->second : e.stats();
}

std::string Builder::NameOf(const Escalation& e) const {
  return BodyName(
      e.unit_name().empty() ? StatsOf(e).unit_name() : e.unit_name(),
      in_.district_name);
}

absl::Status Builder::Summary(std::vector<Paragraph>* out) const {
  const PeriodReport& report = in_.report;
  const auto& total = report.department_total().all();
  out->push_back(
      {ParagraphStyle::kBody,
       absl::StrCat(period_.summary_range, "，向", t_.platform_name(),
                    "归集“双公示”信息", total.total_count(), "条，其中迟报信息",
                    total.late_count(), "条，漏报信息", total.missed_count(),
                    "条，质量合格率为", total.pass_rate().percent(), "。")});
  if (in_.previous_report.has_value()) {
    const auto& before = in_.previous_report->department_total().all();
    out->push_back(
        {ParagraphStyle::kBody,
         absl::StrCat("与", period_.previous_name, "相比（",
                      period_.previous_name, "归集", before.total_count(),
                      "条，合格率", before.pass_rate().percent(),
                      "），质量合格率",
                      Change(total.pass_rate().hundredths_of_percent(),
                             before.pass_rate().hundredths_of_percent()),
                      "，迟报率",
                      Change(total.late_rate().hundredths_of_percent(),
                             before.late_rate().hundredths_of_percent()),
                      "，漏报率",
                      Change(total.missed_rate().hundredths_of_percent(),
                             before.missed_rate().hundredths_of_percent()),
                      "。")});
  }
  if (!in_.sub_reports.empty()) {
    std::vector<std::string> parts;
    for (const PeriodReport& sub : in_.sub_reports) {
      const auto& s = sub.department_total().all();
      parts.push_back(absl::StrCat(SubPeriodName(sub), "归集", s.total_count(),
                                   "条，合格率", s.pass_rate().percent()));
    }
    // The per-period table follows the template's tables that have units.
    int label = 1;
    for (const BulletinTable& config : TablesOf(t_)) {
      const bool townships = config.unit_kind() == sgs::config::v1::TOWNSHIP;
      if (!(townships ? report.townships() : report.departments()).empty()) {
        ++label;
      }
    }
    out->push_back({ParagraphStyle::kBody,
                    absl::StrCat("分期看，", absl::StrJoin(parts, "；"),
                                 "。各单位分期情况见附件", label, "。")});
  }
  if (report.unclassified_count() > 0) {
    std::vector<std::string> years;
    for (int32_t y : report.missing_calendar_years()) {
      years.push_back(absl::StrCat(y, "年"));
    }
    out->push_back(
        {ParagraphStyle::kBody,
         absl::StrCat("另有", report.unclassified_count(),
                      "条信息因工作日历缺少",
                      years.empty() ? "相应年份" : absl::StrJoin(years, "、"),
                      "的数据，无法判定是否迟报、漏报，未计入上述统计。")});
  }
  return absl::OkStatus();
}

absl::Status Builder::NamedUnits(std::vector<Paragraph>* out) const {
  std::vector<std::string> commended;
  for (const Escalation* e : Of(sgs::v1::COMMENDED)) {
    commended.push_back(NameOf(*e));
  }
  if (!commended.empty()) {
    out->push_back({ParagraphStyle::kBody,
                    absl::StrCat("归集数据较多且合格率为100%的单位：",
                                 absl::StrJoin(commended, "、"), "。")});
  }
  const double target = in_.policy.escalation().named_below_pass_rate_percent();
  const std::string target_text =
      target > 0 ? absl::StrCat("未达到", PercentText(target))
                 : std::string("未达标");
  std::vector<std::string> named;
  for (const Escalation* e : Of(sgs::v1::NAMED_IN_BULLETIN)) {
    named.push_back(NamedUnitSentence(NameOf(*e), StatsOf(*e)));
  }
  if (!named.empty()) {
    out->push_back({ParagraphStyle::kBody,
                    absl::StrCat("数据报送合格率", target_text, "的单位：",
                                 absl::StrJoin(named, "；"), "。")});
    absl::StatusOr<std::string> admonition = Fill(t_.admonition());
    if (!admonition.ok()) return admonition.status();
    if (!admonition->empty()) {
      out->push_back({ParagraphStyle::kBody, *admonition});
    }
  } else if (in_.report.department_total().all().total_count() > 0) {
    out->push_back({ParagraphStyle::kBody,
                    target > 0
                        ? absl::StrCat("本期报送数据的单位合格率均达到",
                                       PercentText(target), "。")
                        : std::string("本期报送数据的单位合格率均已达标。")});
  }
  return absl::OkStatus();
}

absl::Status Builder::Accountability(std::vector<Paragraph>* out) const {
  const auto& texts = t_.accountability();
  const auto& policy = in_.policy.escalation();
  int group = 0;
  auto heading = [&](const std::string& configured, const char* fallback) {
    out->push_back({ParagraphStyle::kHeading2,
                    absl::StrCat("（", ChineseNumber(++group), "）",
                                 configured.empty() ? fallback : configured)});
  };

  const auto explanations = Of(sgs::v1::EXPLANATION_AND_RECTIFICATION);
  if (!explanations.empty()) {
    absl::StatusOr<std::string> h = Fill(texts.explanation_heading());
    if (!h.ok()) return h.status();
    heading(*h, "须以正式文件形式报送情况说明和整改方案的单位");
    int item = 0;
    for (const Escalation* e : explanations) {
      std::vector<std::string> rules;
      for (int trigger : e->triggers()) {
        rules.push_back(TriggerWords(
            static_cast<sgs::v1::EscalationTrigger>(trigger), policy));
      }
      out->push_back(
          {ParagraphStyle::kBody,
           absl::StrCat(++item, ".", NameOf(*e), "：",
                        absl::StrJoin(rules, "，"), "，",
                        Sentence(TidyChineseSpacing(e->figures())))});
    }
    const int days = policy.response_working_days();
    if (days > 0 && !texts.deadline_text().empty()) {
      if (in_.calendar == nullptr) {
        return absl::FailedPreconditionError(
            "督办期限需要工作日历 (the response deadline needs the calendar)");
      }
      absl::StatusOr<absl::CivilDay> deadline =
          in_.calendar->AddWorkingDays(document_day_, days);
      if (!deadline.ok()) {
        return absl::FailedPreconditionError(absl::StrCat(
            "无法计算督办期限 (cannot compute the response deadline): ",
            deadline.status().message()));
      }
      BulletinTextContext with_deadline = context_;
      with_deadline.response_deadline = ChineseDate(*deadline);
      absl::StatusOr<std::string> text =
          FillBulletinText(texts.deadline_text(), in_.policy, with_deadline);
      if (!text.ok()) return text.status();
      out->push_back({ParagraphStyle::kBody, *text});
    }
  }

  const auto interviews = Of(sgs::v1::INTERVIEW_UNIT_HEAD);
  if (!interviews.empty()) {
    absl::StatusOr<std::string> h = Fill(texts.interview_heading());
    if (!h.ok()) return h.status();
    heading(*h, "约谈单位“一把手”的单位");
    int item = 0;
    for (const Escalation* e : interviews) {
      std::vector<std::string> periods;
      for (const std::string& key : e->consecutive_periods()) {
        periods.push_back(PeriodKeyWords(key));
      }
      std::vector<std::string> rules;
      for (int trigger : e->triggers()) {
        rules.push_back(TriggerWords(
            static_cast<sgs::v1::EscalationTrigger>(trigger), policy));
      }
      const int count = e->consecutive_periods_size() > 0
                            ? e->consecutive_periods_size()
                            : policy.consecutive_periods_for_interview();
      out->push_back(
          {ParagraphStyle::kBody,
           absl::StrCat(++item, ".", NameOf(*e), "：连续", count,
                        PeriodUnitWord(in_.report.period()), "（",
                        absl::StrJoin(periods, "、"), "）",
                        absl::StrJoin(rules, "、"), "，其中",
                        Sentence(TidyChineseSpacing(e->figures())))});
    }
    absl::StatusOr<std::string> text = Fill(texts.interview_text());
    if (!text.ok()) return text.status();
    if (!text->empty()) out->push_back({ParagraphStyle::kBody, *text});
  }

  const auto district = Of(sgs::v1::INTERVIEW_DISTRICT_HEAD);
  if (!district.empty()) {
    absl::StatusOr<std::string> h = Fill(texts.district_heading());
    if (!h.ok()) return h.status();
    heading(*h, "国家和省抽查发现的应报未报问题");
    absl::StatusOr<std::string> text = Fill(texts.district_text());
    if (!text.ok()) return text.status();
    for (const Escalation* e : district) {
      std::string figures = TidyChineseSpacing(e->figures());
      // The figures name units by official name; the body drops the prefix.
      if (!in_.district_name.empty()) {
        figures = absl::StrReplaceAll(
            figures, {{absl::StrCat("、", in_.district_name), "、"},
                      {absl::StrCat("：", in_.district_name), "："}});
      }
      // "…主要负责人（国家抽查发现1条：商务局1条）。"
      std::string sentence =
          text->empty() ? TriggerWords(sgs::v1::SPOT_CHECK_FINDING, policy)
                        : *text;
      if (absl::EndsWith(sentence, "。")) {
        sentence.resize(sentence.size() - std::string("。").size());
      }
      out->push_back({ParagraphStyle::kBody,
                      absl::StrCat(sentence, "（", figures, "）。")});
    }
  }
  return absl::OkStatus();
}

void Builder::Concealment(std::vector<Paragraph>* out) const {
  std::vector<std::string> lines;
  for (const auto* units :
       {&in_.report.departments(), &in_.report.townships()}) {
    for (const UnitStats& s : *units) {
      std::vector<std::string> parts;
      if (s.confirmed_concealment_count() > 0) {
        parts.push_back(absl::StrCat("国家和省抽查确认瞒报",
                                     s.confirmed_concealment_count(), "条"));
      }
      if (s.concealment_risk_count() > 0) {
        parts.push_back(
            absl::StrCat("公开范围非“社会公开”且未提供法律依据的信息",
                         s.concealment_risk_count(), "条"));
      }
      if (s.valid_objection_count() > 0) {
        parts.push_back(
            absl::StrCat("有效异议", s.valid_objection_count(), "件"));
      }
      if (!parts.empty()) {
        lines.push_back(absl::StrCat(UnitName(s), absl::StrJoin(parts, "，")));
      }
    }
  }
  if (lines.empty()) return;
  out->push_back(
      {ParagraphStyle::kBody, absl::StrCat("本期存在瞒报问题或有效异议的单位：",
                                           absl::StrJoin(lines, "；"), "。")});
}

void Builder::NoRecordUnits(std::vector<Paragraph>* out) const {
  std::vector<std::string> names;
  for (const auto* units :
       {&in_.report.departments(), &in_.report.townships()}) {
    for (const UnitStats& s : *units) {
      if (s.all().total_count() == 0 && s.unclassified_count() == 0) {
        names.push_back(UnitName(s));
      }
    }
  }
  if (names.empty()) return;
  out->push_back({ParagraphStyle::kBody,
                  absl::StrCat("本期未报送数据的单位（", names.size(), "个）：",
                               absl::StrJoin(names, "、"), "。")});
}

absl::Status Builder::Attachments(BulletinDocument* doc) const {
  BulletinTextContext table_context = context_;
  table_context.year = absl::StrCat(period_.start.year());
  table_context.range = period_.short_range;
  for (const BulletinTable& config : TablesOf(t_)) {
    const bool townships = config.unit_kind() == sgs::config::v1::TOWNSHIP;
    const auto& units =
        townships ? in_.report.townships() : in_.report.departments();
    if (units.empty()) continue;
    Attachment attachment;
    attachment.label = absl::StrCat("附件", doc->attachments.size() + 1);
    absl::StatusOr<std::string> title =
        FillBulletinText(config.title(), in_.policy, table_context);
    if (!title.ok()) return title.status();
    attachment.title = *title;
    attachment.table =
        AttachmentTable(config, units,
                        townships ? in_.report.township_total()
                                  : in_.report.department_total());
    doc->attachments.push_back(std::move(attachment));
  }
  return absl::OkStatus();
}

// Quarter / year: each unit's pass rate per month (quarter), the period's
// and the previous period's, and the change in percentage points (环比).
void Builder::SubPeriodAttachment(BulletinDocument* doc) const {
  if (in_.sub_reports.empty()) return;
  std::vector<std::map<std::string, const UnitStats*>> by_period;
  for (const PeriodReport& sub : in_.sub_reports) {
    std::map<std::string, const UnitStats*> units;
    for (const auto* list : {&sub.departments(), &sub.townships()}) {
      for (const UnitStats& s : *list) units[s.unit_code()] = &s;
    }
    by_period.push_back(std::move(units));
  }
  std::map<std::string, const UnitStats*> before;
  if (in_.previous_report.has_value()) {
    for (const auto* list : {&in_.previous_report->departments(),
                             &in_.previous_report->townships()}) {
      for (const UnitStats& s : *list) before[s.unit_code()] = &s;
    }
  }
  Table table;
  table.landscape = true;
  table.column_headings = {"序号", "单位"};
  for (const PeriodReport& sub : in_.sub_reports) {
    const std::string name = SubPeriodName(sub);
    table.column_headings.push_back(absl::StrCat(name, "报送量"));
    table.column_headings.push_back(absl::StrCat(name, "合格率"));
  }
  table.column_headings.emplace_back("本期合格率");
  table.column_headings.push_back(
      absl::StrCat(period_.previous_name, "合格率"));
  table.column_headings.emplace_back("环比（百分点）");
  int number = 0;
  for (const auto* units :
       {&in_.report.departments(), &in_.report.townships()}) {
    for (const UnitStats& s : *units) {
      std::vector<TableCell> row = {Integer(++number), Text(s.unit_name())};
      for (const auto& period_units : by_period) {
        auto it = period_units.find(s.unit_code());
        if (it == period_units.end()) {
          row.push_back(Text("—"));
          row.push_back(Text("—"));
        } else {
          row.push_back(Integer(it->second->all().total_count()));
          row.push_back(Percent(it->second->all().pass_rate()));
        }
      }
      row.push_back(Percent(s.all().pass_rate()));
      auto it = before.find(s.unit_code());
      if (it == before.end()) {
        row.push_back(Text("—"));
        row.push_back(Text("—"));
      } else {
        row.push_back(Percent(it->second->all().pass_rate()));
        const int64_t diff =
            s.all().pass_rate().hundredths_of_percent() -
            it->second->all().pass_rate().hundredths_of_percent();
        TableCell change;
        change.kind = CellKind::kText;
        change.text =
            diff == 0 ? "0.00"
                      : absl::StrCat(diff > 0 ? "+" : "-", PointsText(diff));
        change.value = static_cast<double>(diff) / 100.0;
        row.push_back(change);
      }
      table.rows.push_back(std::move(row));
    }
  }
  Attachment attachment;
  attachment.label = absl::StrCat("附件", doc->attachments.size() + 1);
  attachment.title =
      absl::StrCat(period_.name, "各单位分期“双公示”数据报送情况表");
  attachment.table = std::move(table);
  doc->attachments.push_back(std::move(attachment));
}

void Builder::EscalationList(BulletinDocument* doc) const {
  Table& table = doc->escalation_list;
  table.column_headings = {"序号",     "单位",     "督办事项",
                           "触发规则", "相关数据", "连续期次"};
  table.landscape = true;
  int number = 0;
  for (EscalationAction action :
       {sgs::v1::INTERVIEW_DISTRICT_HEAD, sgs::v1::INTERVIEW_UNIT_HEAD,
        sgs::v1::EXPLANATION_AND_RECTIFICATION, sgs::v1::NAMED_IN_BULLETIN}) {
    for (const Escalation* e : Of(action)) {
      std::vector<std::string> rules;
      for (int trigger : e->triggers()) {
        rules.push_back(
            TriggerWords(static_cast<sgs::v1::EscalationTrigger>(trigger),
                         in_.policy.escalation()));
      }
      std::vector<std::string> periods;
      for (const std::string& key : e->consecutive_periods()) {
        periods.push_back(PeriodKeyWords(key));
      }
      const std::string name =
          e->unit_name().empty() ? StatsOf(*e).unit_name() : e->unit_name();
      table.rows.push_back({Integer(++number), Text(name),
                            Text(ActionWords(action)),
                            Text(absl::StrJoin(rules, "，")),
                            Text(TidyChineseSpacing(e->figures())),
                            Text(absl::StrJoin(periods, "、"))});
    }
  }
}

absl::StatusOr<BulletinDocument> Builder::Build() {
  if (absl::Status s = ValidateBulletinTemplate(t_); !s.ok()) return s;
  if (in_.district_name.empty()) {
    return absl::InvalidArgumentError("缺少区域名称 (district_name is empty)");
  }
  absl::StatusOr<PeriodWords> period = DescribePeriod(in_.report);
  if (!period.ok()) return period.status();
  period_ = *std::move(period);
  if (absl::Status s = CheckBulletinPeriodReady(in_); !s.ok()) return s;
  IndexUnits();

  context_.district_name = in_.district_name;
  context_.platform_name = t_.platform_name();
  // "全区" for 殷都区, "全省" for 河南省, unless the template says otherwise.
  context_.region_scope = t_.region_scope();
  if (context_.region_scope.empty()) {
    const std::string& name = in_.district_name;
    size_t last = name.size();
    while (last > 0 &&
           (static_cast<unsigned char>(name[last - 1]) & 0xC0) == 0x80) {
      --last;
    }
    context_.region_scope = absl::StrCat(
        "全", last > 0 ? name.substr(last - 1) : std::string("区"));
  }
  context_.period_name = period_.name;

  absl::StatusOr<absl::CivilDay> day = DocumentDay();
  if (!day.ok()) return day.status();
  document_day_ = *day;

  BulletinDocument doc;
  if (in_.draft) {
    doc.is_draft = true;
    const absl::CivilDay as_of =
        in_.today.has_value() ? std::min(*in_.today, period_.end) : period_.end;
    BulletinTextContext draft_context = context_;
    draft_context.as_of = absl::StrCat(as_of.month(), "月", as_of.day(), "日");
    absl::StatusOr<std::string> mark = FillBulletinText(
        t_.draft_mark().empty() ? "征求意见稿（数据截至{as_of}）"
                                : t_.draft_mark(),
        in_.policy, draft_context);
    if (!mark.ok()) return mark.status();
    doc.draft_mark = *mark;
  }
  absl::StatusOr<std::string> header = Fill(t_.header());
  if (!header.ok()) return header.status();
  doc.issuer_mark = *header;
  doc.document_number = in_.document_number;
  absl::StatusOr<std::string> title = Fill(
      t_.title().empty() ? "{district_name}“双公示”工作{period_name}情况通报"
                         : t_.title());
  if (!title.ok()) return title.status();
  doc.title = *title;
  absl::StatusOr<std::string> addressee = Fill(t_.addressee());
  if (!addressee.ok()) return addressee.status();
  doc.addressee = absl::StrCat(*addressee, "：");

  absl::StatusOr<std::string> introduction = Fill(t_.introduction());
  if (!introduction.ok()) return introduction.status();
  doc.body.push_back(
      {ParagraphStyle::kBody,
       absl::StrCat(*introduction, "现将", period_.in_intro,
                    context_.region_scope, "“双公示”工作情况通报如下：")});

  int number = 0;
  for (const BulletinSection& section : SectionsOf(t_)) {
    std::vector<Paragraph> content;
    bool headed = false;  // Content brings its own heading.
    absl::Status status;
    switch (section.kind()) {
      case BulletinSection::SUMMARY:
        status = Summary(&content);
        break;
      case BulletinSection::NAMED_UNITS:
        status = NamedUnits(&content);
        break;
      case BulletinSection::ACCOUNTABILITY:
        status = Accountability(&content);
        break;
      case BulletinSection::CONCEALMENT:
        Concealment(&content);
        break;
      case BulletinSection::NO_RECORD_UNITS:
        NoRecordUnits(&content);
        break;
      case BulletinSection::REQUIREMENTS:
        status = Requirements(section, &content, &headed);
        break;
      case BulletinSection::CONTACTS:
        if (!t_.contacts().empty()) {
          absl::StatusOr<std::string> contacts = Fill(t_.contacts());
          if (!contacts.ok()) return contacts.status();
          content.push_back({ParagraphStyle::kBody, *contacts});
        }
        break;
      default:
        break;
    }
    if (!status.ok()) return status;
    if (content.empty()) continue;
    std::string heading_text = section.heading();
    if (headed) {
      heading_text = content.front().text;
      content.erase(content.begin());
    }
    if (!heading_text.empty()) {
      absl::StatusOr<std::string> heading = Fill(heading_text);
      if (!heading.ok()) return heading.status();
      doc.body.push_back(
          {ParagraphStyle::kHeading1,
           absl::StrCat(ChineseNumber(++number), "、", *heading)});
    }
    for (Paragraph& p : content) doc.body.push_back(std::move(p));
  }

  if (absl::Status s = Attachments(&doc); !s.ok()) return s;
  SubPeriodAttachment(&doc);
  for (size_t i = 0; i < doc.attachments.size(); ++i) {
    // GB/T 9704 7.3.5: "附件：1.…", later lines aligned under the first.
    doc.attachment_notes.push_back(absl::StrCat(
        i == 0 ? "附件：" : "　　　", i + 1, ".", doc.attachments[i].title));
  }
  absl::StatusOr<std::string> signature = Fill(t_.signature());
  if (!signature.ok()) return signature.status();
  doc.signature = *signature;
  doc.date_text = ChineseDate(document_day_);
  absl::StatusOr<std::string> copy_to = Fill(t_.copy_to());
  if (!copy_to.ok()) return copy_to.status();
  doc.copy_to = *copy_to;
  absl::StatusOr<std::string> printer = Fill(t_.printer());
  if (!printer.ok()) return printer.status();
  doc.printer = *printer;
  doc.print_date_text = doc.printer.empty() ? "" : doc.date_text;

  EscalationList(&doc);
  absl::StatusOr<std::string> list_title = Fill(
      t_.escalation_list_title().empty() ? "{period_name}“双公示”工作督办清单"
                                         : t_.escalation_list_title());
  if (!list_title.ok()) return list_title.status();
  doc.escalation_list_title = *list_title;
  return doc;
}

absl::Status Builder::Requirements(const BulletinSection& section,
                                   std::vector<Paragraph>* out,
                                   bool* headed) const {
  if (t_.requirements_size() == 0) return absl::OkStatus();
  // The section's own heading wins; else the template's requirements_heading.
  if (section.heading().empty() && !t_.requirements_heading().empty()) {
    out->push_back({ParagraphStyle::kHeading1, t_.requirements_heading()});
    *headed = true;
  }
  for (const std::string& requirement : t_.requirements()) {
    absl::StatusOr<std::string> text = Fill(requirement);
    if (!text.ok()) return text.status();
    out->push_back({ParagraphStyle::kBody, *text});
  }
  return absl::OkStatus();
}

bool IsWide(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0x3000 && c <= 0x303F) ||
         (c >= 0xFF00 && c <= 0xFFEF) || c == 0x201C || c == 0x201D ||
         c == 0x2014 || c == 0x2026;
}

// Decodes UTF-8 leniently (a bad byte becomes itself): common/utf8_lenient.h.
std::vector<std::pair<char32_t, std::string>> CodePoints(absl::string_view s) {
  std::vector<std::pair<char32_t, std::string>> out;
  size_t i = 0;
  while (i < s.size()) {
    const size_t start = i;
    const char32_t c = NextCodePointLenient(s, &i);
    out.emplace_back(c, std::string(s.substr(start, i - start)));
  }
  return out;
}

}  // namespace

absl::Status CheckBulletinPeriodReady(const BulletinInput& input) {
  if (input.draft) return absl::OkStatus();
  absl::StatusOr<absl::CivilDay> start = ParseDate(input.report.start_date());
  absl::StatusOr<absl::CivilDay> end = ParseDate(input.report.end_date());
  if (!start.ok() || !end.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "统计周期日期无效 (invalid period dates): ", input.report.start_date(),
        "..", input.report.end_date()));
  }
  if (input.today.has_value() && *input.today <= *end) {
    return absl::FailedPreconditionError(absl::StrCat(
        "统计周期", ChineseDate(*start), "至", ChineseDate(*end),
        "尚未结束（北京时间", ChineseDate(*input.today),
        "），数据不完整，不能生成正式通报；如需征求意见稿请设置 draft "
        "(the period has not ended yet in UTC+8; set draft to render a "
        "draft)"));
  }
  const PeriodReport& r = input.report;
  const int64_t records = r.department_total().all().total_count() +
                          r.township_total().all().total_count() +
                          r.unclassified_count();
  if (records == 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "统计周期", ChineseDate(*start), "至", ChineseDate(*end),
        "没有任何报送记录，不能生成正式通报；如需征求意见稿请设置 draft "
        "(the period has no records at all; set draft to render a draft)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<BulletinDocument> BuildBulletinDocument(
    const BulletinInput& input) {
  Builder builder(input);
  return builder.Build();
}

absl::StatusOr<std::string> BulletinFileKey(const PeriodReport& report) {
  absl::StatusOr<PeriodWords> words = DescribePeriod(report);
  if (!words.ok()) return words.status();
  return words->file_key;
}

std::string ChineseDate(absl::CivilDay day) {
  return absl::StrCat(day.year(), "年", day.month(), "月", day.day(), "日");
}

std::string ChineseNumber(int n) {
  static constexpr const char* kDigits[] = {"零", "一", "二", "三", "四",
                                            "五", "六", "七", "八", "九"};
  if (n <= 0 || n >= 100) return absl::StrCat(n);
  if (n < 10) return kDigits[n];
  const int tens = n / 10;
  const int ones = n % 10;
  return absl::StrCat(tens == 1 ? "" : kDigits[tens], "十",
                      ones == 0 ? "" : kDigits[ones]);
}

std::string TidyChineseSpacing(absl::string_view text) {
  const auto points = CodePoints(text);
  std::string out;
  for (size_t i = 0; i < points.size(); ++i) {
    if (points[i].first == ' ') {
      size_t before = i;
      while (before > 0 && points[before - 1].first == ' ') --before;
      size_t after = i;
      while (after < points.size() && points[after].first == ' ') ++after;
      const bool wide_before = before > 0 && IsWide(points[before - 1].first);
      const bool wide_after =
          after < points.size() && IsWide(points[after].first);
      if (wide_before || wide_after) continue;
    }
    out += points[i].second;
  }
  return out;
}

}  // namespace sgs::stats
