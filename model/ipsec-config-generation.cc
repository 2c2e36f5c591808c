/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ipsec-config-generation.h"

namespace ns3
{

uint64_t IpsecConfigGeneration::s_generation = 1;

} // namespace ns3
