// cmsim's own SimGrid log categories: a root `cmsim` and one subcategory per module, each
// declared at the top of its .cpp with XBT_LOG_NEW_DEFAULT_SUBCATEGORY(cmsim_<module>, cmsim,
// ...). `cmsim run --log=cmsim_sender.thres:verbose` then traces that actor's decisions, and
// `--log=cmsim.thres:verbose` all of them. Off (critical) unless asked for.
#pragma once

#include <xbt/log.h>

XBT_LOG_EXTERNAL_CATEGORY(cmsim);
