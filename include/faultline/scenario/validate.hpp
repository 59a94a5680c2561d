#pragma once
// The rules a Spec must keep, whatever built it (the loader, a test's builder,
// a program): every value inside its key's range, every index pointing at
// something, the rules between keys (warmup < duration, max >= base, no call
// cycle, faults inside the run, ...). The loader runs it on what it read and
// locates each error in the file by its key path.
#include <vector>

#include "faultline/scenario/load.hpp"
#include "faultline/scenario/spec.hpp"

namespace faultline {

/// Every problem found, in Spec order; each has its key path
/// ("services.api.calls[0].timeout") and no file or line. Empty: the Spec is valid.
std::vector<LoadError> validate(const Spec& spec);

/// Throws LoadFailure with validate's errors (file "<spec>") when there are any.
void require_valid(const Spec& spec);

}  // namespace faultline
