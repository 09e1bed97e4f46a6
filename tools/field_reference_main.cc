// Prints docs/field-reference.md, generated from the standard's schema:
//   build/sgs_field_reference > docs/field-reference.md
#include <iostream>

#include "common/field_reference.h"

int main() {
  std::cout << sgs::RenderFieldReference();
  return std::cout.good() ? 0 : 1;
}
