#include "tests/support/records.h"

namespace sgs::testing {

sgs::v1::Record ValidLicensingRecord(const std::string& unit_code,
                                     const std::string& document_number,
                                     const std::string& decision_date) {
  sgs::v1::Record record;
  record.set_unit_code(unit_code);
  record.set_disclosure_scope(sgs::v1::PUBLIC);
  sgs::v1::Subject* subject = record.mutable_subject();
  subject->set_name("安阳市殷都区示例科技有限公司");
  subject->set_subject_class(sgs::v1::LEGAL_ENTITY);
  subject->set_credit_code("91350100M000100Y43");
  subject->set_legal_representative("张三");
  sgs::v1::LicensingDecision* licensing = record.mutable_licensing();
  licensing->set_decision_document_name("准予行政许可决定书");
  licensing->set_document_number(document_number);
  licensing->set_category(sgs::v1::ORDINARY);
  licensing->set_content("食品经营许可");
  licensing->set_decision_date(decision_date);
  licensing->set_valid_from(decision_date);
  licensing->set_valid_to("2099-12-31");
  licensing->set_authority_name("安阳市殷都区教育局");
  licensing->set_authority_code("11230500001755309F");
  licensing->set_status(sgs::v1::LICENSE_VALID);
  licensing->set_source_unit_name("安阳市殷都区教育局");
  licensing->set_source_unit_code("11230500001755309F");
  return record;
}

sgs::v1::Record ValidPenaltyRecord(const std::string& unit_code,
                                   const std::string& document_number,
                                   const std::string& decision_date) {
  sgs::v1::Record record;
  record.set_unit_code(unit_code);
  record.set_disclosure_scope(sgs::v1::PUBLIC);
  sgs::v1::Subject* subject = record.mutable_subject();
  subject->set_name("李四");
  subject->set_subject_class(sgs::v1::NATURAL_PERSON);
  subject->set_id_type(sgs::v1::RESIDENT_ID_CARD);
  subject->set_id_number("11010519491231002X");
  sgs::v1::PenaltyDecision* penalty = record.mutable_penalty();
  penalty->set_document_number(document_number);
  penalty->set_violation_type("未按规定办理");
  penalty->set_violation_facts("经查，当事人未按规定办理相关手续。");
  penalty->set_legal_basis("《中华人民共和国行政处罚法》第九条");
  penalty->add_categories(sgs::v1::FINE);
  penalty->set_content("罚款人民币贰仟元整");
  penalty->set_fine_amount("0.2");
  penalty->set_decision_date(decision_date);
  penalty->set_valid_until("2099-12-31");
  penalty->set_authority_name("安阳市殷都区市场监督管理局");
  penalty->set_authority_code("11230500001755309F");
  penalty->set_source_unit_name("安阳市殷都区市场监督管理局");
  penalty->set_source_unit_code("11230500001755309F");
  return record;
}

}  // namespace sgs::testing
