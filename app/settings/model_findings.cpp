#include "app/settings/model_findings.h"

#include <QCoreApplication>

namespace ifedit::app {
namespace {

constexpr const char* kContext = "ifedit::app::ModelFindings";

struct Entry {
  const char* code;
  const char* english;
};

// Same order and wording as core/loaders/findings.cpp (the translations test compares them).
const Entry kEntries[] = {
    {"folder_not_found", QT_TRANSLATE_NOOP("ifedit::app::ModelFindings", "%1/: folder not found (expected %2)")},
    {"config_missing", QT_TRANSLATE_NOOP("ifedit::app::ModelFindings", "%1/: config.json missing (expected %2)")},
    {"folder_unreadable", QT_TRANSLATE_NOOP("ifedit::app::ModelFindings", "%1/: cannot be read: %2")},
    {"folder_problem", QT_TRANSLATE_NOOP("ifedit::app::ModelFindings", "%1/: %2 (expected %3)")},
    {"index_without_weight_map",
     QT_TRANSLATE_NOOP("ifedit::app::ModelFindings", "%1/: %2 has no weight_map (expected %3)")},
    {"shards_missing", QT_TRANSLATE_NOOP("ifedit::app::ModelFindings",
                                         "%1/: %2 of %3 shards named in the index are missing (%4) (expected %5)")},
    {"not_i2v_t2v",
     QT_TRANSLATE_NOOP("ifedit::app::ModelFindings",
                       "%1 holds a model with %2, not an image-to-video expert (model_type \"i2v\", in_dim 36): this "
                       "is Wan2.2-T2V-A14B, text-to-video (same file names); download Wan-AI/Wan2.2-I2V-A14B")},
    {"not_i2v_ti2v",
     QT_TRANSLATE_NOOP("ifedit::app::ModelFindings",
                       "%1 holds a model with %2, not an image-to-video expert (model_type \"i2v\", in_dim 36): this "
                       "is Wan2.2-TI2V-5B; download Wan-AI/Wan2.2-I2V-A14B")},
    {"not_i2v",
     QT_TRANSLATE_NOOP("ifedit::app::ModelFindings",
                       "%1 holds a model with %2, not an image-to-video expert (model_type \"i2v\", in_dim 36): this "
                       "is not Wan2.2-I2V-A14B; download Wan-AI/Wan2.2-I2V-A14B")},
    {"file_not_found", QT_TRANSLATE_NOOP("ifedit::app::ModelFindings", "%1 not found")},
    {"tokenizer_not_found",
     QT_TRANSLATE_NOOP("ifedit::app::ModelFindings",
                       "%1 not found (the UMT5 sentencepiece model shipped with the checkpoint)")},
    {"single_model_checkpoint",
     QT_TRANSLATE_NOOP("ifedit::app::ModelFindings",
                       "this folder holds a single-model checkpoint (Wan2.2-TI2V-5B or Wan2.1: one model at the root, "
                       "no high_noise_model/ and low_noise_model/), not Wan2.2-I2V-A14B's two experts: download "
                       "Wan-AI/Wan2.2-I2V-A14B")},
    {"other_wan_t2v",
     QT_TRANSLATE_NOOP("ifedit::app::ModelFindings",
                       "%1 is Wan2.2-T2V-A14B (text-to-video), not Wan2.2-I2V-A14B: download the wan2.2_i2v_* files")},
    {"other_wan_ti2v", QT_TRANSLATE_NOOP("ifedit::app::ModelFindings",
                                         "%1 is Wan2.2-TI2V-5B, not Wan2.2-I2V-A14B: download the wan2.2_i2v_* files")},
    {"other_wan_vae",
     QT_TRANSLATE_NOOP("ifedit::app::ModelFindings",
                       "%1 is the VAE of Wan2.2-TI2V-5B (I2V-A14B uses wan_2.1_vae), not Wan2.2-I2V-A14B: download "
                       "the wan2.2_i2v_* files")},
    {"comfy_file_not_found",
     QT_TRANSLATE_NOOP("ifedit::app::ModelFindings", "no %1 in %2 or its models/{diffusion_models,vae,text_encoders}/")},
    {"comfy_tokenizer_not_found",
     QT_TRANSLATE_NOOP("ifedit::app::ModelFindings",
                       "no spiece.model in %1 (nor embedded in the text encoder file): copy google/umt5-xxl/ from the "
                       "official Wan2.2-I2V-A14B download")},
    {"incomplete_download", QT_TRANSLATE_NOOP("ifedit::app::ModelFindings", "%1 (an incomplete download?)")},
    {"unreadable", "%1"},  // the file reader's own words: nothing to translate
    {"hf_cache_ambiguous",
     QT_TRANSLATE_NOOP("ifedit::app::ModelFindings",
                       "a Hugging Face cache folder with %1 snapshots and no refs/main naming one of them: choose the "
                       "folder snapshots/<revision>/")},
    {"single_file", QT_TRANSLATE_NOOP("ifedit::app::ModelFindings",
                                      "a single file holds one part of the model: choose the folder that holds all of them")},
    {"one_part_folder",
     QT_TRANSLATE_NOOP("ifedit::app::ModelFindings",
                       "%1/ is one part of a model: choose the folder above it, which holds all the parts")},
    {"no_model_here",
     QT_TRANSLATE_NOOP("ifedit::app::ModelFindings",
                       "no Wan2.2-I2V-A14B model here; expected one of: the official layout (high_noise_model/, "
                       "low_noise_model/, models_t5_umt5-xxl-enc-bf16.pth, Wan2.1_VAE.pth, google/umt5-xxl/), the "
                       "Diffusers layout (model_index.json, transformer/, transformer_2/, text_encoder/, tokenizer/, "
                       "vae/), or ComfyUI files (wan2.2_i2v_{high,low}_noise_14B_*.safetensors, "
                       "wan_2.1_vae.safetensors, umt5_xxl_*.safetensors)")},
    {"no_boundary_ratio",
     QT_TRANSLATE_NOOP("ifedit::app::ModelFindings", "model_index.json has no boundary_ratio: using 0.9")},
    {"chosen_over", QT_TRANSLATE_NOOP("ifedit::app::ModelFindings", "%1 chosen over %2")},
    {"other_wan_t2v_unused",
     QT_TRANSLATE_NOOP("ifedit::app::ModelFindings", "%1 is Wan2.2-T2V-A14B (text-to-video): not used")},
    {"other_wan_ti2v_unused", QT_TRANSLATE_NOOP("ifedit::app::ModelFindings", "%1 is Wan2.2-TI2V-5B: not used")},
    {"other_wan_vae_unused",
     QT_TRANSLATE_NOOP("ifedit::app::ModelFindings",
                       "%1 is the VAE of Wan2.2-TI2V-5B (I2V-A14B uses wan_2.1_vae): not used")},
    {"hf_cache_snapshot", QT_TRANSLATE_NOOP("ifedit::app::ModelFindings", "Hugging Face cache folder: using snapshots/%1")},
    {"hf_hub_folder", QT_TRANSLATE_NOOP("ifedit::app::ModelFindings", "Hugging Face hub folder: using %1")},
    {"path_not_found", QT_TRANSLATE_NOOP("ifedit::app::ModelFindings", "does not exist")},
    {"path_unreadable", QT_TRANSLATE_NOOP("ifedit::app::ModelFindings", "cannot be read: %1")},
    {"no_folder", QT_TRANSLATE_NOOP("ifedit::app::ModelFindings", "no model folder chosen")},
};

// One pass over the template, so an argument holding "%2" (a file name) is not substituted again.
QString fill(const QString& pattern, const QStringList& args) {
  QString out;
  for (qsizetype i = 0; i < pattern.size(); ++i) {
    const QChar next = i + 1 < pattern.size() ? pattern[i + 1] : QChar();
    const int n = next.unicode() - '1';
    if (pattern[i] == QLatin1Char('%') && n >= 0 && n < 9 && n < args.size()) {
      out += args[n];
      ++i;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

}  // namespace

QList<FindingTemplate> findingTemplates() {
  QList<FindingTemplate> out;
  for (const auto& e : kEntries) out.append({QString::fromLatin1(e.code), QString::fromUtf8(e.english)});
  return out;
}

QString partRoleName(const QString& role) {
  if (role == QLatin1String("high-noise expert")) return QCoreApplication::translate("ifedit::app::ModelFindings", "High-noise expert");
  if (role == QLatin1String("low-noise expert")) return QCoreApplication::translate("ifedit::app::ModelFindings", "Low-noise expert");
  if (role == QLatin1String("text encoder")) return QCoreApplication::translate("ifedit::app::ModelFindings", "Text encoder (UMT5)");
  if (role == QLatin1String("tokenizer")) return QCoreApplication::translate("ifedit::app::ModelFindings", "Tokenizer");
  if (role == QLatin1String("VAE")) return QCoreApplication::translate("ifedit::app::ModelFindings", "VAE");
  return role;
}

QString findingText(const QString& code, const QString& part, const QString& partFolder, const QStringList& args,
                    const QString& english) {
  const char* pattern = nullptr;
  for (const auto& e : kEntries)
    if (code == QLatin1String(e.code)) pattern = e.english;
  if (!pattern) return english;  // an engine newer than this table: its own words beat none
  const QString body = fill(QCoreApplication::translate(kContext, pattern), args);
  if (part.isEmpty()) return body;
  QString label = partRoleName(part);
  if (!partFolder.isEmpty()) label += QStringLiteral(" (%1)").arg(partFolder);
  //: A model part and what was found about it ("High-noise expert: ... not found")
  return QCoreApplication::translate("ifedit::app::ModelFindings", "%1: %2").arg(label, body);
}

}  // namespace ifedit::app
