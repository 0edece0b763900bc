// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/hazard.hpp"
#include "sources/notam/notam.hpp"

#include <string>

namespace aerowatch {

/// The store key of a NOTAM: issuing office + id, "KICZ A0012/25". The office is the issuer
/// when the form names one, else the Q-line FIR, else the first A) location.
std::string notam_key(const Notam& notam);

/// A NOTAM as a Hazard (kind notam, or security_notice for the FAA notice form): key, action
/// and referenced key, FIRs and airports from the Q-line and A), the Q-line circle, limits,
/// validity, text. Severity and categories are left to the Classifier.
Hazard notam_to_hazard(const Notam& notam);
/// The same, taking the text fields over rather than copying them (parsers: every NOTAM).
Hazard notam_to_hazard(Notam&& notam);
/// The same into `hazard`, which must be default-constructed: a structured reader builds each
/// hazard where it keeps it (the back of its batch), sparing a move of the whole Hazard.
void notam_to_hazard(Notam&& notam, Hazard& hazard);

} // namespace aerowatch
