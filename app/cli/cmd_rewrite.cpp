// ifedit-cli rewrite: the chain-of-thought prompt for an edit (DESIGN.md §1.1). The prompt goes
// to stdout and nothing else does; progress and errors go to stderr.
#include <QCoroTask>
#include <QStringList>
#include <cstdio>

#include "app/vlm/prompt_rewriter.h"
#include "app/vlm/rewrite_arguments.h"

namespace ifedit::cli {
namespace {

void note(const QString& line) {
  std::fprintf(stderr, "ifedit-cli rewrite: %s\n", line.toUtf8().constData());
  std::fflush(stderr);
}

}  // namespace

int runRewrite(const QStringList& argsIn) {
  if (argsIn.contains(QLatin1String("--help")) || argsIn.contains(QLatin1String("-h"))) {
    std::printf("usage: ifedit-cli rewrite --image FILE --instruction TEXT [options]\n\n%s",
                app::rewriteArgumentsHelp().toUtf8().constData());
    return 0;
  }
  QStringList args = argsIn;
  app::RewriteArguments parsed;
  QString error;
  if (!app::takeRewriteArguments(args, &parsed, &error)) {
    note(error);
    return 2;
  }
  if (!args.isEmpty()) {
    note(QStringLiteral("unknown argument '%1' (see ifedit-cli rewrite --help)").arg(args.first()));
    return 2;
  }

  app::PromptRewriter rewriter;
  rewriter.client().setLimits(parsed.limits);
  QObject::connect(&rewriter, &app::PromptRewriter::progress, &rewriter, [](const QString& m) { note(m); });
  QObject::connect(&rewriter, &app::PromptRewriter::textDiscarded, &rewriter,
                   [] { note(QStringLiteral("the text so far was the model's reasoning; dropped")); });
  const app::RewriteResult result = QCoro::waitFor(rewriter.rewrite(parsed.request));
  if (!result.ok()) {
    note(result.errorMessage);
    return 1;
  }
  if (result.fellBack()) note(QStringLiteral("the VLM failed (%1); used the offline template").arg(result.errorMessage));
  for (const QString& w : result.warnings) note(QStringLiteral("warning: ") + w);
  note(QStringLiteral("source: %1, model: %2").arg(result.source, result.model));
  std::printf("%s\n", result.prompt.toUtf8().constData());
  std::fflush(stdout);
  return 0;
}

}  // namespace ifedit::cli
