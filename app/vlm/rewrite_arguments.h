#pragma once
// The rewrite options of ifedit-cli, shared by `rewrite` and `edit`:
//   --image IN --instruction TEXT [--endpoint URL|vllm|llamacpp|ollama] [--model NAME]
//   [--api-key-file F] [--no-stream] [--timeout S] [--connect-timeout S] [--offline]
//   [--fallback-offline]
// Defaults for endpoint, model and key come from IFEDIT_VLM_ENDPOINT, IFEDIT_VLM_MODEL and
// IFEDIT_VLM_API_KEY_FILE; without an endpoint the offline template answers.
#include <QString>
#include <QStringList>

#include "app/vlm/prompt_rewriter.h"
#include "app/vlm/vlm_client.h"

namespace ifedit::app {

struct RewriteArguments {
  QString imagePath;
  RewriteRequest request;  // image loaded, endpoint and key resolved
  VlmLimits limits;
};

// One option of ifedit-cli: "--name value" or "--name=value", removed from args (absent: true,
// *value untouched). False with *error when it has no value or is given twice.
bool takeOptionValue(QStringList& args, const QString& name, QString* value, QString* error);

// Removes the options above from `args` (leaving the caller's own) and resolves them: loads the
// image, reads the key file, normalises the endpoint. Returns false with a one-line *error.
// `modelOption` names the VLM model option (`edit` calls it --vlm-model: its --model is the Wan model).
bool takeRewriteArguments(QStringList& args, RewriteArguments* out, QString* error,
                          const QString& modelOption = QStringLiteral("--model"));

// `modelOption`: how the VLM's model is named on that command line (`edit` calls it --vlm-model).
QString rewriteArgumentsHelp(const QString& modelOption = QStringLiteral("--model"));

}  // namespace ifedit::app
