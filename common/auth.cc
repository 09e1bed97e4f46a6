#include "common/auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <iostream>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/config_loader.h"

namespace sgs {
namespace {

using sgs::config::v1::Role;

std::string Sha256Raw(absl::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

const char* RoleName(Role role) {
  switch (role) {
    case sgs::config::v1::SUBMITTER:
      return "报送单位";
    case sgs::config::v1::READER:
      return "查询方";
    case sgs::config::v1::CREDIT_OFFICE:
      return "区信用办";
    default:
      return "未知角色";
  }
}

std::string Describe(const Principal& principal) {
  std::string text =
      absl::StrCat("令牌「", principal.name, "」（", RoleName(principal.role));
  if (!principal.unit_code.empty()) {
    absl::StrAppend(&text, "，单位 ", principal.unit_code);
  }
  absl::StrAppend(&text, "）");
  return text;
}

}  // namespace

std::string Sha256Hex(absl::string_view data) {
  return absl::BytesToHexString(Sha256Raw(data));
}

absl::StatusOr<Authenticator> Authenticator::FromProto(
    const sgs::config::v1::TokenFile& file) {
  Authenticator authenticator;
  std::set<std::string> seen;
  for (const auto& entry : file.tokens()) {
    const std::string where = absl::StrCat("令牌「", entry.name(), "」");
    std::string hex = absl::AsciiStrToLower(entry.sha256_hex());
    if (hex.size() != 64 ||
        hex.find_first_not_of("0123456789abcdef") != std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": sha256_hex 必须是 64 位十六进制 SHA-256"));
    }
    if (!seen.insert(hex).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": 与其他令牌的哈希重复"));
    }
    if (entry.role() == sgs::config::v1::ROLE_UNSPECIFIED) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": 未指定角色"));
    }
    if (entry.role() == sgs::config::v1::SUBMITTER &&
        entry.unit_code().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": 报送单位令牌必须指定 unit_code"));
    }
    authenticator.entries_.push_back(entry);
    authenticator.digests_.push_back(absl::HexStringToBytes(hex));
  }
  return authenticator;
}

absl::StatusOr<Authenticator> Authenticator::LoadFromFile(
    const std::string& path) {
  sgs::config::v1::TokenFile file;
  absl::Status loaded = LoadTextProtoFile(path, &file);
  if (!loaded.ok()) return loaded;
  return FromProto(file);
}

Authenticator Authenticator::DevelopmentMode() {
  Authenticator authenticator;
  authenticator.development_ = true;
  return authenticator;
}

absl::StatusOr<Authenticator> MakeServerAuthenticator(
    const std::string& tokens_path, bool development_no_auth,
    absl::string_view service) {
  if (development_no_auth) {
    std::cerr << "\n"
              << "**********************************************************\n"
              << "*  WARNING: " << service
              << " runs WITHOUT authentication (--dev_no_auth):\n"
              << "*  every caller may do everything. 仅限本地开发使用。\n"
              << "**********************************************************\n"
              << std::endl;
    return Authenticator::DevelopmentMode();
  }
  if (tokens_path.empty()) {
    return absl::FailedPreconditionError(
        "需要令牌文件 (--tokens)；本地开发可显式使用 --dev_no_auth");
  }
  return Authenticator::LoadFromFile(tokens_path);
}

absl::StatusOr<Principal> Authenticator::AuthenticateToken(
    absl::string_view token) const {
  if (development_) {
    Principal principal;
    principal.name = "开发模式";
    principal.role = sgs::config::v1::CREDIT_OFFICE;
    principal.development = true;
    return principal;
  }
  if (token.empty()) {
    return absl::UnauthenticatedError(
        "缺少令牌: 请在 authorization 元数据中提供 \"Bearer <令牌>\"");
  }
  const std::string digest = Sha256Raw(token);
  // Compare against every entry, in constant time each, and do not stop at
  // the first match: the time taken says nothing about which hash matched.
  int match = -1;
  for (size_t i = 0; i < digests_.size(); ++i) {
    if (CRYPTO_memcmp(digest.data(), digests_[i].data(), digest.size()) == 0) {
      match = static_cast<int>(i);
    }
  }
  if (match < 0) return absl::UnauthenticatedError("令牌无效");
  Principal principal;
  principal.name = entries_[match].name();
  principal.role = entries_[match].role();
  principal.unit_code = entries_[match].unit_code();
  return principal;
}

absl::StatusOr<Principal> Authenticator::Authenticate(
    const grpc::ServerContext& context) const {
  absl::string_view token;
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it != metadata.end()) {
    absl::string_view value(it->second.data(), it->second.size());
    if (absl::StartsWithIgnoreCase(value, "Bearer ")) {
      token = absl::StripAsciiWhitespace(value.substr(7));
    } else if (!development_) {
      return absl::UnauthenticatedError(
          "authorization 元数据格式应为 \"Bearer <令牌>\"");
    }
  }
  absl::StatusOr<Principal> principal = AuthenticateToken(token);
  if (principal.ok()) principal->peer = context.peer();
  return principal;
}

absl::Status RequireRole(const Principal& principal,
                         std::initializer_list<Role> roles,
                         absl::string_view right) {
  if (principal.development) return absl::OkStatus();
  for (Role role : roles) {
    if (principal.role == role) return absl::OkStatus();
  }
  std::string allowed;
  for (Role role : roles) {
    absl::StrAppend(&allowed, allowed.empty() ? "" : "、", RoleName(role));
  }
  return absl::PermissionDeniedError(
      absl::StrCat("缺少权限「", right, "」: ", Describe(principal),
                   "无此权限，仅", allowed, "可以"));
}

absl::Status RequireReadUnit(const Principal& principal,
                             absl::string_view unit_code) {
  if (principal.development || principal.role == sgs::config::v1::READER ||
      principal.role == sgs::config::v1::CREDIT_OFFICE) {
    return absl::OkStatus();
  }
  if (principal.role == sgs::config::v1::SUBMITTER &&
      principal.unit_code == unit_code) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("缺少权限「读取单位 ", unit_code,
                   " 的数据」: ", Describe(principal), "只能读取本单位的数据"));
}

absl::Status RequireSubmitForUnit(const Principal& principal,
                                  absl::string_view unit_code) {
  if (principal.development) return absl::OkStatus();
  if (principal.role == sgs::config::v1::SUBMITTER &&
      principal.unit_code == unit_code) {
    return absl::OkStatus();
  }
  if (principal.role != sgs::config::v1::SUBMITTER) {
    return absl::PermissionDeniedError(
        absl::StrCat("缺少权限「报送记录」: ", Describe(principal),
                     "不能报送、更正或撤销记录，仅报送单位可以"));
  }
  return absl::PermissionDeniedError(absl::StrCat(
      "缺少权限「为单位 ", unit_code, " 报送记录」: ", Describe(principal),
      "只能报送本单位的记录"));
}

}  // namespace sgs
