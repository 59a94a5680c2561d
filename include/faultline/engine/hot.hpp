#pragma once
// FAULTLINE_HOT marks a tiny function on the per-event path that must be
// inlined. GCC's inliner drops such calls once their callers grow past its
// budgets (merging the data-tier hooks into Replica and CallLayer cost the
// M/M/1 model ~150 instructions per customer that way, in calls to
// one-line recorder and pool helpers). Use it on functions of a few lines only.
#define FAULTLINE_HOT [[gnu::always_inline]] inline
