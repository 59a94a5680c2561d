#include "faultline/model/sampler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "faultline/engine/distributions.hpp"

namespace faultline {

namespace {
constexpr double kMaxNs = 1e18;
constexpr int kNormalTries = 64;  // truncation at 0 by resampling; after that, 0
double phi_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }
double phi_pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * M_PI); }
}  // namespace

Sampler::Sampler(const DistSpec& spec) : kind_(spec.kind) {
  using K = DistSpec::Kind;
  switch (spec.kind) {
    case K::constant: a_ = spec.value_ns; break;
    case K::exponential: a_ = spec.mean_ns; break;
    case K::uniform: a_ = spec.min_ns; b_ = spec.max_ns; break;
    case K::normal: a_ = spec.mean_ns; b_ = spec.stddev_ns; break;
    case K::lognormal: a_ = spec.mu; b_ = spec.sigma; break;
    case K::pareto: a_ = spec.scale_ns; b_ = spec.shape; break;
    case K::mixture: {
      double total = 0;
      for (const auto& c : spec.of) total += c.weight;
      double acc = 0;
      for (const auto& c : spec.of) {
        acc += c.weight / total;
        cumulative_weights_.push_back(acc);
        branches_.emplace_back(c.dist);
      }
      if (!cumulative_weights_.empty()) cumulative_weights_.back() = 1.0;
      break;
    }
    case K::empirical: points_ = spec.points; break;
  }
}

std::int64_t Sampler::sample_ns(Rng& rng) const {
  using K = DistSpec::Kind;
  double x = 0;
  switch (kind_) {
    case K::constant: x = a_; break;
    case K::exponential: x = dist::exponential(rng, a_); break;
    case K::uniform: x = rng.uniform(a_, b_); break;
    case K::normal:
      x = 0;
      for (int i = 0; i < kNormalTries; ++i) {
        const double v = a_ + b_ * dist::standard_normal(rng);
        if (v >= 0) {
          x = v;
          break;
        }
      }
      break;
    case K::lognormal: x = std::exp(a_ + b_ * dist::standard_normal(rng)) * 1e9; break;
    case K::pareto: x = a_ / std::pow(rng.uniform_open0(), 1.0 / b_); break;
    case K::mixture: {
      const double u = rng.uniform();
      std::size_t i = 0;
      while (i + 1 < cumulative_weights_.size() && u >= cumulative_weights_[i]) ++i;
      return branches_[i].sample_ns(rng);
    }
    case K::empirical: x = quantile_ns(rng.uniform()); break;
  }
  if (!(x > 0)) return 0;  // also NaN
  return static_cast<std::int64_t>(std::min(x, kMaxNs) + 0.5);
}

double Sampler::mean_ns() const {
  using K = DistSpec::Kind;
  switch (kind_) {
    case K::constant:
    case K::exponential: return a_;
    case K::uniform: return (a_ + b_) / 2;
    case K::normal: {
      if (b_ <= 0) return std::max(a_, 0.0);
      const double alpha = -a_ / b_;  // truncated below at 0
      return a_ + b_ * phi_pdf(alpha) / (1 - phi_cdf(alpha));
    }
    case K::lognormal: return std::exp(a_ + b_ * b_ / 2) * 1e9;
    case K::pareto: return b_ > 1 ? b_ * a_ / (b_ - 1) : std::numeric_limits<double>::infinity();
    case K::mixture: {
      double m = 0, prev = 0;
      for (std::size_t i = 0; i < branches_.size(); ++i) {
        m += (cumulative_weights_[i] - prev) * branches_[i].mean_ns();
        prev = cumulative_weights_[i];
      }
      return m;
    }
    case K::empirical: {
      double m = 0, c0 = 0, v0 = 0;  // linear from (cdf 0, value 0)
      for (const auto& p : points_) {
        m += (p.cdf - c0) * (v0 + p.value_ns) / 2;
        c0 = p.cdf;
        v0 = p.value_ns;
      }
      return m;
    }
  }
  return 0;
}

double Sampler::cdf(double x) const {
  using K = DistSpec::Kind;
  if (x < 0) return 0;
  switch (kind_) {
    case K::constant: return x >= a_ ? 1 : 0;
    case K::exponential: return a_ > 0 ? 1 - std::exp(-x / a_) : 1;
    case K::uniform: return b_ > a_ ? std::clamp((x - a_) / (b_ - a_), 0.0, 1.0) : (x >= a_ ? 1 : 0);
    case K::normal: {
      if (b_ <= 0) return x >= a_ ? 1 : 0;
      const double lo = phi_cdf(-a_ / b_);
      return (phi_cdf((x - a_) / b_) - lo) / (1 - lo);
    }
    case K::lognormal: return x > 0 ? phi_cdf((std::log(x * 1e-9) - a_) / b_) : 0;
    case K::pareto: return x >= a_ ? 1 - std::pow(a_ / x, b_) : 0;
    case K::mixture: {
      double c = 0, prev = 0;
      for (std::size_t i = 0; i < branches_.size(); ++i) {
        c += (cumulative_weights_[i] - prev) * branches_[i].cdf(x);
        prev = cumulative_weights_[i];
      }
      return c;
    }
    case K::empirical: {
      double c0 = 0, v0 = 0;
      for (const auto& p : points_) {
        if (x < p.value_ns) return p.value_ns > v0 ? c0 + (p.cdf - c0) * (x - v0) / (p.value_ns - v0) : c0;
        c0 = p.cdf;
        v0 = p.value_ns;
      }
      return 1;
    }
  }
  return 0;
}

double Sampler::quantile_ns(double p) const {
  using K = DistSpec::Kind;
  p = std::clamp(p, 0.0, 1.0);
  switch (kind_) {
    case K::constant: return a_;
    case K::exponential: return p >= 1 ? std::numeric_limits<double>::infinity() : -a_ * std::log1p(-p);
    case K::uniform: return a_ + (b_ - a_) * p;
    case K::normal: {
      if (b_ <= 0) return a_;
      const double lo = phi_cdf(-a_ / b_);
      return a_ + b_ * dist::normal_quantile(lo + p * (1 - lo));
    }
    case K::lognormal: return std::exp(a_ + b_ * dist::normal_quantile(p)) * 1e9;
    case K::pareto: return a_ / std::pow(1 - p, 1.0 / b_);
    case K::empirical: {
      double c0 = 0, v0 = 0;  // linear between points, from (cdf 0, value 0)
      for (const auto& pt : points_) {
        if (p <= pt.cdf) return pt.cdf > c0 ? v0 + (pt.value_ns - v0) * (p - c0) / (pt.cdf - c0) : pt.value_ns;
        c0 = pt.cdf;
        v0 = pt.value_ns;
      }
      return points_.empty() ? 0 : points_.back().value_ns;
    }
    case K::mixture: {
      double lo = 0, hi = 1;
      while (cdf(hi) < p && hi < kMaxNs) hi *= 2;
      for (int i = 0; i < 200 && hi - lo > 1e-6 * std::max(1.0, hi); ++i) {
        const double mid = (lo + hi) / 2;
        (cdf(mid) < p ? lo : hi) = mid;
      }
      return hi;
    }
  }
  return 0;
}

}  // namespace faultline
