#include "faultline/model/data/load_dependent.hpp"

#include <cmath>

namespace faultline::data {

double load_multiplier(const LoadDependentConfig& config, double u) {
  switch (config.mode) {
    case LoadMode::linear: return 1.0 + config.factor * u;
    case LoadMode::polynomial: return 1.0 + config.factor * std::pow(u, config.exponent);
    case LoadMode::exponential: return std::exp(config.factor * u);
  }
  return 1.0;
}

}  // namespace faultline::data
