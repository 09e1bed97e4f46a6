// The bulletin template (通报模板, config/bulletin_template.textproto): the
// bulletin's fixed texts, which the credit office edits by hand. Texts may
// quote policy figures through placeholders in braces ("{on_time_limit}个
// {on_time_day_kind}内"), so changing the policy file changes the bulletin's
// wording too and the two never disagree. Braces are reserved for
// placeholders; the loader refuses an unknown placeholder or a stray brace so
// a typo is caught when the file is loaded, not in a published bulletin.
//
// Known placeholders and where their values come from:
//   {district_name}             the registry's district name ("殷都区")
//   {platform_name}             BulletinTemplate.platform_name
//   {on_time_limit}             policy.timeliness.on_time_limit ("5")
//   {on_time_day_kind}          policy.timeliness.on_time_day_kind ("工作日")
//   {missed_limit}              policy.timeliness.missed_limit ("30")
//   {missed_day_kind}           policy.timeliness.missed_day_kind ("自然日")
//   {late_rate_threshold}       policy.escalation.late_rate_threshold_percent
//   {consecutive_periods} policy.escalation.consecutive_periods_for_interview
//   {commendation_min_records}  policy.escalation.commendation_min_records
//   {named_below_pass_rate}     policy.escalation.named_below_pass_rate_percent
//   {region_scope}              BulletinTemplate.region_scope ("全区")
//   {period_name}               the period as the title words it ("7月份")
//   {year} {range}              table titles ("2024", "7.1-7.31")
//   {response_deadline}         the accountability deadline ("2024年8月12日")
//   {as_of}                     the draft's data date ("12月1日")
// The last five exist only while a bulletin is built (BulletinTextContext);
// a text quoting one where it has no value is refused, not printed empty.
#ifndef SGS_STATS_SERVICE_BULLETIN_TEMPLATE_H_
#define SGS_STATS_SERVICE_BULLETIN_TEMPLATE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sgs/config/v1/config.pb.h"

namespace sgs::stats {

// The placeholder names above, without braces.
const std::vector<std::string>& KnownBulletinPlaceholders();

// Checks a template: header, addressee and platform_name are set; every
// brace belongs to a known placeholder; platform_name has none (it is itself
// a placeholder's value). kInvalidArgument naming the field otherwise.
absl::Status ValidateBulletinTemplate(
    const sgs::config::v1::BulletinTemplate& bulletin_template);

// LoadTextProtoFile + ValidateBulletinTemplate; errors name the path.
absl::StatusOr<sgs::config::v1::BulletinTemplate> LoadBulletinTemplate(
    const std::string& path);

// Replaces every placeholder in `text`. kInvalidArgument for an unknown
// placeholder or stray brace; kFailedPrecondition when a placeholder quotes
// a policy value that is not set (0 or DAY_KIND_UNSPECIFIED), rather than
// printing a wrong figure in an official document.
absl::StatusOr<std::string> FillBulletinPlaceholders(
    absl::string_view text, const sgs::config::v1::PolicyFile& policy,
    absl::string_view district_name, absl::string_view platform_name);

// The values a bulletin being built gives the placeholders; empty = not
// available where the text is used (kFailedPrecondition naming it).
struct BulletinTextContext {
  std::string district_name;
  std::string platform_name;
  std::string region_scope;
  std::string period_name;
  std::string year;
  std::string range;
  std::string response_deadline;
  std::string as_of;
};

absl::StatusOr<std::string> FillBulletinText(
    absl::string_view text, const sgs::config::v1::PolicyFile& policy,
    const BulletinTextContext& context);

}  // namespace sgs::stats

#endif  // SGS_STATS_SERVICE_BULLETIN_TEMPLATE_H_
