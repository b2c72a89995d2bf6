#pragma once
// The metadata an export carries, from the edit it comes from (the same text and JSON that
// `ifedit-cli edit` writes into its PNGs). app/ only: includes the engine's API through EditRecord.
#include "app/engine/edit_report.h"
#include "app/export/exporter.h"

namespace ifedit::app {

// parametersText(record) + editReport(record, withTimings = false): equal edits give equal files.
ExportMetadata exportMetadata(const EditRecord& record);

}  // namespace ifedit::app
