#pragma once
// Reading an exported image back: dropping it onto the app restores the instruction, the prompt,
// the settings and the seed. Qt-only header (ui/ may include it).
//   PNG  : the `ifedit` iTXt JSON, else the A1111 `parameters` text (prompt, steps, sampler, shift,
//          CFG, seed, frames, TLD K, threshold: whatever it names)
//   JPEG : the same two keys from its COM segments
//   any  : the `<file>.json` sidecar (WebP, or when nothing is embedded)
#include <QJsonObject>
#include <QSize>
#include <QString>
#include <optional>

namespace ifedit::app {

struct RestoredEdit {
  QString instruction;   // empty when only `parameters` was found
  QString prompt;
  QString promptSource;  // "user", "vlm", "offline-template"; empty when unknown
  QString promptModel;   // the VLM that wrote the prompt ("prompt_model"); empty when unknown
  // Keys of settingsToJson (frames, steps, ..., seed), only those found; apply them with
  // AppSettings::applyEditSettingsJson.
  QJsonObject settings;
  std::optional<quint64> seed;
  QString modelIdentity;
  bool randomWeights = false;  // made with the demo model set
  QString origin;              // "ifedit" (embedded JSON), "sidecar" or "parameters"
  // Written by IF-Edit: the JSON, or a `parameters` text with our Frames and TLD K fields. Another
  // tool's text-to-image settings (CFG 7, 20 steps, its negative prompt) are not an edit's.
  bool fromIfEdit = false;
  QSize exportSize;            // the size the file was exported at ("export_size"); empty when unknown
  QJsonObject report;          // the whole JSON when there was one
};

// std::nullopt with *error naming the file when it cannot be read or carries no edit metadata;
// *found tells whether it carries some (an IF-Edit JSON, a sidecar or a `parameters` text), so a
// damaged one can be reported while a plain picture is simply opened.
std::optional<RestoredEdit> readEditMetadata(const QString& path, QString* error = nullptr, bool* found = nullptr);

// The parts of an A1111 `parameters` text this app understands (exposed for tests).
RestoredEdit parseParametersText(const QString& text);

}  // namespace ifedit::app
