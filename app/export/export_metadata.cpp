#include "app/export/export_metadata.h"

namespace ifedit::app {

ExportMetadata exportMetadata(const EditRecord& record) {
  return ExportMetadata{parametersText(record), editReport(record, false)};
}

}  // namespace ifedit::app
