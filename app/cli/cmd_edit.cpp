// ifedit-cli edit: one whole IF-Edit run without the GUI (DESIGN.md §1): prompt (given, VLM or
// offline template) -> evolve -> pick (or --pick N) -> refine -> image, evolution frames, report.
#include <QCoroTask>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStringList>
#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <limits>
#include <type_traits>
#include <unistd.h>

#include "api/engine.h"
#include "app/engine/edit_report.h"
#include "app/engine/engine_worker.h"
#include "app/engine/image_convert.h"
#include "app/export/atomic_save.h"
#include "app/export/exporter.h"
#include "app/session/edit_parameters.h"
#include "app/vlm/prompt_rewriter.h"
#include "app/vlm/prompt_texts.h"
#include "app/vlm/rewrite_arguments.h"

namespace ifedit::cli {
namespace {

// Ctrl+C (or a kill) while the outputs are written would leave a new image beside an old
// evolution folder, no report and a hidden temporary folder: it is held until the last output is
// in place, then ends the process as it would have. A flag set from whichever thread the signal
// lands on (torch's threads do not block it, so masking the main thread would not do).
volatile std::sig_atomic_t heldSignal = 0;
extern "C" void holdSignal(int signal) { heldSignal = signal; }

class SignalsHeld {
 public:
  SignalsHeld() {
    struct sigaction hold {};
    hold.sa_handler = holdSignal;
    sigemptyset(&hold.sa_mask);
    for (size_t i = 0; i < std::size(kSignals); ++i) {
      sigaction(kSignals[i], nullptr, &previous_[i]);
      if (previous_[i].sa_handler != SIG_IGN) sigaction(kSignals[i], &hold, nullptr);  // ignored stays ignored
    }
  }
  ~SignalsHeld() {
    for (size_t i = 0; i < std::size(kSignals); ++i) sigaction(kSignals[i], &previous_[i], nullptr);
    if (const int signal = heldSignal) std::raise(signal);
  }
  SignalsHeld(const SignalsHeld&) = delete;
  SignalsHeld& operator=(const SignalsHeld&) = delete;

 private:
  static constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
  struct sigaction previous_[std::size(kSignals)] {};
};

void note(const QString& line) {
  std::fprintf(stderr, "ifedit-cli edit: %s\n", line.toUtf8().constData());
  std::fflush(stderr);
}

// Progress on stderr: a bar redrawn in place on a terminal, plain lines otherwise.
class ProgressPrinter : public api::EngineEvents {
 public:
  ProgressPrinter() : tty_(::isatty(2)) {}
  ~ProgressPrinter() override { finishLine(); }

  void stage(api::Stage s, const std::string& detail) override {
    finishLine();
    std::fprintf(stderr, "[%s]%s%s\n", api::stageName(s).c_str(), detail.empty() ? "" : " ", detail.c_str());
  }
  void loadProgress(double fraction) override {
    const int percent = static_cast<int>(fraction * 100);
    if (tty_) {
      const int width = 30, done = percent * width / 100;
      std::fprintf(stderr, "\r  loading [%.*s%*s] %3d %%", done, "##############################", width - done, "",
                   percent);
      open_ = true;
    } else if (percent / 10 > lastLoadDecile_) {  // a line per 10 %: logs stay short
      lastLoadDecile_ = percent / 10;
      std::fprintf(stderr, "  loading %d %%\n", lastLoadDecile_ * 10);
    } else {
      return;
    }
    std::fflush(stderr);
  }
  void step(const api::StepInfo& s) override {
    const char* expert = s.highExpert ? "high-noise expert" : "low-noise expert";
    if (tty_) {
      const int width = 30, done = (s.index + 1) * width / s.total;
      std::fprintf(stderr, "\r  %s [%.*s%*s] step %d/%d t=%.0f %s", s.refining ? "refine" : "evolve", done,
                   "##############################", width - done, "", s.index + 1, s.total, s.timestep, expert);
      open_ = true;
    } else {
      std::fprintf(stderr, "  %s step %d/%d t=%.0f %s\n", s.refining ? "refine" : "evolve", s.index + 1, s.total,
                   s.timestep, expert);
    }
    std::fflush(stderr);
  }
  void dropout(const std::vector<int64_t>& kept, int at) override {
    finishLine();
    std::string list;
    for (auto k : kept) list += (list.empty() ? "" : ",") + std::to_string(k);
    std::fprintf(stderr, "  temporal latent dropout at step %d: kept latent frames {%s}\n", at + 1, list.c_str());
  }

 private:
  void finishLine() {
    if (open_) std::fputc('\n', stderr);
    open_ = false;
  }
  bool tty_;
  bool open_ = false;
  int lastLoadDecile_ = 0;
};

bool hasOption(const QStringList& args, const QString& name) {
  return std::any_of(args.begin(), args.end(),
                     [&](const QString& a) { return a == name || a.startsWith(name + QLatin1Char('=')); });
}

// An option given with nothing after it ("--max-area=" from an unset shell variable) is a mistake,
// not the option left out: it would silently run with the default.
bool takeValue(QStringList& args, const QString& name, QString* value, QString* error) {
  const bool given = hasOption(args, name);
  if (!app::takeOptionValue(args, name, value, error)) return false;
  if (given && value->isEmpty()) {
    *error = QStringLiteral("%1 needs a value").arg(name);
    return false;
  }
  return true;
}

// A file the run will write: its folder must exist, and it must not be a folder itself (checked
// before anything runs; `folder`: the option names a folder to write).
bool checkOutputFolder(const QString& option, const QString& path, QString* error, bool folder = false) {
  if (path.isEmpty()) return true;
  if (!folder && QFileInfo(path).isDir()) {
    *error = QStringLiteral("%1 %2 is a folder; name a file").arg(option, path);
    return false;
  }
  const QFileInfo dir(QFileInfo(QDir::cleanPath(path)).absolutePath());  // "frames/" is the folder "frames"
  if (dir.isDir() && dir.isWritable()) return true;
  *error = QStringLiteral("%1 %2: the folder %3 %4").arg(option, path, dir.filePath(),
                                                         dir.isDir() ? QStringLiteral("is not writable")
                                                                     : QStringLiteral("does not exist"));
  return false;
}

template <typename T>
bool takeNumber(QStringList& args, const QString& name, T* out, QString* error) {
  QString v;
  if (!takeValue(args, name, &v, error)) return false;
  if (v.isEmpty()) return true;
  bool ok = false;
  const double d = v.toDouble(&ok);
  // "nan", "inf" and 1e30 parse as doubles; converting them to an integer option is undefined.
  if (!ok || !std::isfinite(d)) {
    *error = QStringLiteral("%1 expects a number, got '%2'").arg(name, v);
    return false;
  }
  if constexpr (std::is_integral_v<T>) {
    // 2^digits is one past max and exact as a double (max itself may round up to it).
    if (d != std::trunc(d) || d < double(std::numeric_limits<T>::min()) ||
        d >= std::ldexp(1.0, std::numeric_limits<T>::digits)) {
      *error = QStringLiteral("%1 expects a whole number, got '%2'").arg(name, v);
      return false;
    }
  }
  *out = static_cast<T>(d);
  return true;
}

const char* kHelp =
    "usage: ifedit-cli edit --model DIR|demo --image IN --instruction TEXT --out OUT.png [options]\n"
    "  --out                OUT.png (8-bit), OUT.jpg or OUT.webp (quality 95); a .webp (and a JPEG whose\n"
    "                       record outgrows its 64 KB comment) carries its metadata beside it, in\n"
    "                       OUT.webp.json / OUT.jpg.json\n"
    "  --prompt TEXT        the approved temporal prompt (default: VLM rewrite, else offline template)\n"
    "  --frames N (33)  --steps N (8)  --shift X (5)  --solver euler|unipc|dpm++ (euler)\n"
    "  --guidance G | LOW,HIGH (1 = no CFG)  --seed N (42)  --max-area PIXELS (399360; demo: 46080)\n"
    "  --k N (3, 1 = no dropout)  --dropout on|off (on)  --threshold X (0.9)  --anchor end|start\n"
    "  --positions preserve|reindex  --negative-prompt TEXT (used when guidance is not 1)\n"
    "  --scpr on|off (on)  --scpr-frames N (9)  --pick N (evolution frame to refine; default: sharpest;\n"
    "                       dropout thins the evolution: 33 frames with K 3 give 13, numbered 0..12)\n"
    "  --lora-high F  --lora-low F  --lora-strength X  --device auto|cpu|cuda|cuda:N  --precision auto|f32|bf16\n"
    "  --memory auto|resident|swap|fp8|lowvram  where the weights live on a GPU (auto: from free VRAM)\n"
    "  --text-encoder-cpu   run the text encoder on the CPU (saves about 11 GB of GPU memory)\n"
    "  --size source|model  the result at the source picture's size (default) or the model's working size\n"
    "  --evolution DIR      write every evolution frame (frame_0000.png..., working size) and\n"
    "                       evolution.json; an earlier export in DIR is replaced whole\n"
    "  --report FILE.json   prompts, seed, settings, kept set, scores, pick, timings, model identity\n"
    "  (--option value or --option=value; each option once)\n";

}  // namespace

int runEdit(const QStringList& argsIn) {
  if (argsIn.contains(QLatin1String("--help")) || argsIn.contains(QLatin1String("-h"))) {
    std::printf("%s\n%s", kHelp, app::rewriteArgumentsHelp(QStringLiteral("--vlm-model")).toUtf8().constData());
    return 0;
  }
  QStringList args = argsIn;
  QString error, model, prompt, out, evolutionDir, reportPath, guidance, scpr, pick, anchor, positions, solver;
  QString negativePrompt, dropout;
  QString sizeChoice = QStringLiteral("source");
  api::ModelOptions modelOptions;
  api::EditSettings settings;
  QString loraHigh, loraLow, device, precision, memoryMode;
  double loraStrength = 1.0;
  const bool maxAreaGiven = hasOption(args, QStringLiteral("--max-area"));
  const bool hasLoraStrength = hasOption(args, QStringLiteral("--lora-strength"));
  modelOptions.textEncoderOnCpu = args.removeAll(QStringLiteral("--text-encoder-cpu")) > 0;
  bool ok = takeValue(args, "--model", &model, &error) && takeValue(args, "--prompt", &prompt, &error) &&
            takeValue(args, "--out", &out, &error) && takeValue(args, "--evolution", &evolutionDir, &error) &&
            takeValue(args, "--report", &reportPath, &error) && takeValue(args, "--guidance", &guidance, &error) &&
            takeValue(args, "--scpr", &scpr, &error) && takeValue(args, "--pick", &pick, &error) &&
            takeValue(args, "--negative-prompt", &negativePrompt, &error) &&
            takeValue(args, "--dropout", &dropout, &error) &&
            takeValue(args, "--anchor", &anchor, &error) && takeValue(args, "--positions", &positions, &error) &&
            takeValue(args, "--solver", &solver, &error) && takeValue(args, "--lora-high", &loraHigh, &error) &&
            takeValue(args, "--lora-low", &loraLow, &error) && takeValue(args, "--device", &device, &error) &&
            takeValue(args, "--precision", &precision, &error) && takeValue(args, "--size", &sizeChoice, &error) &&
            takeValue(args, "--memory", &memoryMode, &error) &&
            takeNumber(args, "--lora-strength", &loraStrength, &error) &&
            takeNumber(args, "--frames", &settings.frames, &error) && takeNumber(args, "--steps", &settings.steps, &error) &&
            takeNumber(args, "--shift", &settings.shift, &error) && takeNumber(args, "--k", &settings.dropoutK, &error) &&
            takeNumber(args, "--threshold", &settings.threshold, &error) &&
            takeNumber(args, "--max-area", &settings.maxArea, &error) &&
            takeNumber(args, "--scpr-frames", &settings.refineFrames, &error);
  QString seed;
  if (ok) ok = takeValue(args, "--seed", &seed, &error);
  if (ok && !seed.isEmpty()) {
    settings.seed = seed.toULongLong(&ok);
    if (!ok) error = QStringLiteral("--seed expects a non-negative integer, got '%1'").arg(seed);
  }
  app::RewriteArguments rewrite;
  // In `edit`, --model names the Wan model set; the VLM's model is --vlm-model.
  if (ok) ok = app::takeRewriteArguments(args, &rewrite, &error, QStringLiteral("--vlm-model"));
  if (ok && !args.isEmpty()) {
    error = QStringLiteral("unknown argument '%1' (see ifedit-cli edit --help)").arg(args.first());
    ok = false;
  }
  if (ok && model.isEmpty()) error = QStringLiteral("--model DIR|demo is required"), ok = false;
  if (ok && out.isEmpty()) error = QStringLiteral("--out OUT.png is required"), ok = false;
  app::ImageExportOptions exportOptions;
  if (ok && !app::formatFromSuffix(out, &exportOptions.format))
    error = QStringLiteral("--out %1: expected a .png, .jpg or .webp file").arg(out), ok = false;
  if (ok && sizeChoice != QLatin1String("source") && sizeChoice != QLatin1String("model"))
    error = QStringLiteral("--size expects source or model, got '%1'").arg(sizeChoice), ok = false;
  // The source picture is never written over, and every output has a folder to go to: refused
  // before the edit runs, not after it.
  for (const QString& target : {out, reportPath, evolutionDir})
    if (ok && !target.isEmpty() && !app::checkNotSource(target, rewrite.imagePath, &error)) ok = false;
  if (ok) ok = checkOutputFolder(QStringLiteral("--out"), out, &error) &&
               checkOutputFolder(QStringLiteral("--report"), reportPath, &error) &&
               checkOutputFolder(QStringLiteral("--evolution"), evolutionDir, &error, true) &&
               (evolutionDir.isEmpty() || app::checkSequenceFolder(evolutionDir, rewrite.imagePath, &error));
  // The report must not take the place of the picture, nor of a WebP's metadata beside it.
  if (ok && !reportPath.isEmpty()) {
    // By name, or (an existing file) through a link.
    const auto samePlace = [&reportPath](const QString& file) {
      return app::isSameFile(reportPath, file) || QFileInfo(reportPath).absoluteFilePath() == QFileInfo(file).absoluteFilePath();
    };
    if (samePlace(out))
      error = QStringLiteral("--report %1 is the --out file; choose another name for one of them").arg(reportPath), ok = false;
    else if (samePlace(out + QStringLiteral(".json")))
      error = QStringLiteral("--report %1 is where the picture's metadata goes when it is not embedded (a .webp, or a "
                             "JPEG's record over 64 KB); choose another name")
                  .arg(reportPath),
      ok = false;
  }
  // LoRA files are read when the model loads, after the VLM: their mistakes are found now.
  for (const auto& [option, path] : {std::pair{QStringLiteral("--lora-high"), loraHigh}, std::pair{QStringLiteral("--lora-low"), loraLow}}) {
    if (!ok || path.isEmpty()) continue;
    const QFileInfo lora(path);
    if (!lora.exists()) error = QStringLiteral("%1 %2: no such file").arg(option, path), ok = false;
    else if (!lora.isFile()) error = QStringLiteral("%1 %2: not a file (a LoRA is one .safetensors file)").arg(option, path), ok = false;
  }
  if (ok && hasLoraStrength) {
    if (loraHigh.isEmpty() && loraLow.isEmpty())
      error = QStringLiteral("--lora-strength needs --lora-high or --lora-low"), ok = false;
    else if (loraStrength < -app::kMaxLoraStrength || loraStrength > app::kMaxLoraStrength)
      error = QStringLiteral("--lora-strength must be between %1 and %2, got %3")
                  .arg(-app::kMaxLoraStrength)
                  .arg(app::kMaxLoraStrength)
                  .arg(loraStrength),
      ok = false;
  }
  // The --evolution folder is written whole (replacing an earlier export): nothing else goes in it.
  if (ok && !evolutionDir.isEmpty()) {
    const QString frames = QFileInfo(app::resolvedSequenceFolder(evolutionDir)).absoluteFilePath();
    for (const auto& [option, path] : {std::pair{QStringLiteral("--out"), out}, std::pair{QStringLiteral("--report"), reportPath}}) {
      const QString parent = QFileInfo(QFileInfo(path).absolutePath()).absoluteFilePath();
      if (ok && !path.isEmpty() && (parent == frames || parent.startsWith(frames + QLatin1Char('/'))))
        error = QStringLiteral("%1 %2 is inside the --evolution folder %3, which holds only the frames; "
                               "choose another place for one of them")
                    .arg(option, path, evolutionDir),
        ok = false;
    }
  }
  if (ok && !pick.isEmpty()) {
    bool isInt = false;
    if (pick.toInt(&isInt) < 0 || !isInt)
      error = QStringLiteral("--pick expects a frame number (0, 1, ...), got '%1'").arg(pick), ok = false;
  }
  static const QRegularExpression knownDevice(QStringLiteral("^(auto|cpu|cuda|cuda:\\d+)$"));
  if (ok && !device.isEmpty() && !knownDevice.match(device).hasMatch())
    error = QStringLiteral("--device expects auto, cpu, cuda or cuda:N, got '%1'").arg(device), ok = false;
  if (ok && !precision.isEmpty() && !QStringList{"auto", "f32", "bf16"}.contains(precision))
    error = QStringLiteral("--precision expects auto, f32 or bf16, got '%1'").arg(precision), ok = false;
  if (ok && !memoryMode.isEmpty() && !QStringList{"auto", "resident", "swap", "fp8", "lowvram"}.contains(memoryMode))
    error = QStringLiteral("--memory: '%1' is not one of auto, resident, swap, fp8, lowvram").arg(memoryMode), ok = false;
  exportOptions.sourcePath = rewrite.imagePath;
  if (!ok) {
    note(error);
    return 2;
  }
  if (!solver.isEmpty()) settings.solver = solver.toStdString();
  if (!anchor.isEmpty()) settings.anchor = anchor.toStdString();
  if (!positions.isEmpty()) settings.positions = positions.toStdString();
  if (!negativePrompt.isEmpty()) settings.negativePrompt = negativePrompt.toStdString();
  if (!dropout.isEmpty()) {
    // Off: the evolution keeps every frame, as the editor's unticked dropout (its refinement
    // still thins with K); --k 1 turns it off for the refinement too.
    if (dropout != QLatin1String("on") && dropout != QLatin1String("off")) {
      note(QStringLiteral("--dropout expects on or off"));
      return 2;
    }
    settings.dropout = dropout == QLatin1String("on");
  }
  if (!scpr.isEmpty()) {
    if (scpr != QLatin1String("on") && scpr != QLatin1String("off")) {
      note(QStringLiteral("--scpr expects on or off"));
      return 2;
    }
    settings.refine = scpr == QLatin1String("on");
  }
  if (!guidance.isEmpty()) {
    const auto parts = guidance.split(QLatin1Char(','));
    bool a = false, b = true;
    settings.guidanceLow = parts.first().toDouble(&a);
    settings.guidanceHigh = parts.size() > 1 ? parts.at(1).toDouble(&b) : settings.guidanceLow;
    if (!a || !b || parts.size() > 2) {
      note(QStringLiteral("--guidance expects G or LOW,HIGH"));
      return 2;
    }
  }
  QStringList adjusted;  // printed now, and recorded in the report
  if (model == QLatin1String("demo") && !maxAreaGiven && settings.maxArea > app::kDemoMaxArea) {
    adjusted << QStringLiteral("demo model: working size %1 -> %2 pixels, so a run takes seconds (--max-area sets it)")
                    .arg(settings.maxArea)
                    .arg(app::kDemoMaxArea);
    settings.maxArea = app::kDemoMaxArea;
  }
  try {
    std::vector<std::string> adjustments;
    settings = api::validateSettings(settings, &adjustments);
    for (const auto& a : adjustments) adjusted << QString::fromStdString(a);
  } catch (const std::exception& e) {
    note(QString::fromUtf8(e.what()));
    return 2;
  }
  for (const QString& a : adjusted) note(QStringLiteral("adjusted: ") + a);
  const QSize picture = rewrite.request.image.size();
  if (const auto problem = api::workingSizeProblem(picture.width(), picture.height(), settings.maxArea); !problem.empty()) {
    note(QString::fromStdString(problem) + QStringLiteral(" (--max-area)"));
    return 2;
  }
  // The evolution is shorter than --frames when Temporal Latent Dropout thins it: a frame it will
  // not have is refused now, not after the models load and the whole evolution runs.
  if (!pick.isEmpty() && pick.toInt() >= api::evolutionFrameCount(settings)) {
    note(QStringLiteral("--pick %1 is not a frame of the evolution these settings give (0..%2: %3 frames; Temporal "
                        "Latent Dropout keeps 1 + 4 per further kept latent frame)")
             .arg(pick)
             .arg(api::evolutionFrameCount(settings) - 1)
             .arg(api::evolutionFrameCount(settings)));
    return 2;
  }
  // A format that cannot hold the picture at the source's size fails after the whole run: now.
  if (sizeChoice == QLatin1String("source"))
    if (const QString problem = app::exportSizeProblem(exportOptions.format, picture); !problem.isEmpty()) {
      note(QStringLiteral("--out %1: %2 (--size model)").arg(out, problem));
      return 2;
    }
  // Mistakes the arguments show are reported before the VLM is asked (it may think for minutes).
  if (model != QLatin1String("demo") && !QFileInfo::exists(model)) {
    note(QStringLiteral("--model %1: no such folder or file").arg(model));
    return 2;
  }
  if (device == QLatin1String("cpu") && !memoryMode.isEmpty() && memoryMode != QLatin1String("auto") &&
      memoryMode != QLatin1String("resident")) {
    note(QStringLiteral("--memory %1 needs a CUDA device, and --device is cpu").arg(memoryMode));
    return 2;
  }

  // 1. The prompt: given, or written by the VLM / the offline template.
  app::EditRecord record;
  record.sourcePath = rewrite.imagePath;
  record.instruction = rewrite.request.instruction;
  if (!prompt.isEmpty()) {
    record.prompt = prompt;
    record.promptSource = QStringLiteral("user");
  } else {
    app::PromptRewriter rewriter;
    rewriter.client().setLimits(rewrite.limits);
    QObject::connect(&rewriter, &app::PromptRewriter::progress, &rewriter, [](const QString& m) { note(m); });
    const auto result = QCoro::waitFor(rewriter.rewrite(rewrite.request));
    if (!result.ok()) {
      note(QStringLiteral("prompt rewrite failed: ") + result.errorMessage);
      return 1;
    }
    if (result.fellBack()) note(QStringLiteral("the VLM failed (%1); used the offline template").arg(result.errorMessage));
    record.prompt = result.prompt;
    record.promptSource = result.source;
    record.promptModel = result.model;
    note(QStringLiteral("prompt (%1): %2").arg(result.source, result.prompt));
    for (const QString& w : result.warnings) note(QStringLiteral("warning: ") + w);
  }

  // 2. Models, evolution, pick, refinement.
  modelOptions.path = model.toStdString();
  modelOptions.loraHigh = loraHigh.toStdString();
  modelOptions.loraLow = loraLow.toStdString();
  modelOptions.loraStrength = loraStrength;
  if (!device.isEmpty()) modelOptions.device = device.toStdString();
  if (!precision.isEmpty()) modelOptions.precision = precision.toStdString();
  if (!memoryMode.isEmpty()) modelOptions.memoryMode = memoryMode.toStdString();
  api::Engine engine;
  ProgressPrinter progress;
  api::Evolution evolution;
  api::RefineResult result;
  record.staticPrompt = app::staticVideoPrompt();
  record.adjustments = adjusted;
  try {
    const auto info = engine.load(modelOptions, &progress);
    note(QStringLiteral("model: %1 on %2, %3, memory mode %4")
             .arg(QString::fromStdString(info.identity), QString::fromStdString(info.device),
                  QString::fromStdString(info.precision), QString::fromStdString(info.memoryMode)));
    if (info.randomWeights) note(QStringLiteral("demo model set: random-weight output, not a real edit"));
    evolution = engine.evolve({app::toEngineImage(rewrite.request.image), record.prompt.toStdString(), settings}, progress);
    int chosen = evolution.pick;
    if (!pick.isEmpty()) {
      bool isInt = false;
      chosen = pick.toInt(&isInt);
      if (!isInt || chosen < 0 || chosen >= int(evolution.frames.size())) {
        note(QStringLiteral("--pick %1 is not a frame of the evolution (0..%2)").arg(pick).arg(evolution.frames.size() - 1));
        return 2;
      }
    }
    result = engine.refine(evolution, chosen, record.staticPrompt.toStdString(), progress);
  } catch (const std::exception& e) {
    note(app::engineErrorText(e));
    return 1;
  }
  record.evolution = &evolution;
  record.result = &result;

  // 3. Outputs, each written atomically, all of them before a Ctrl+C takes effect.
  const SignalsHeld held;
  if (sizeChoice == QLatin1String("source")) exportOptions.size = rewrite.request.image.size();
  const QImage resultImage = app::toQImage(result.image);
  const QSize exportSize = exportOptions.size.isEmpty() ? resultImage.size() : exportOptions.size;
  QJsonObject report = app::editReport(record);
  report.insert(QLatin1String(app::kExportSizeKey), QJsonArray{exportSize.width(), exportSize.height()});
  report.insert(QStringLiteral("export_size_choice"), sizeChoice);
  if (!app::exportImage(resultImage, out, exportOptions, {app::parametersText(record), app::editReport(record, false)},
                        &error)) {
    note(error);
    return 1;
  }
  if (!evolutionDir.isEmpty()) {
    // As the editor exports it: the folder written whole (an earlier run's frames replaced, none
    // left over), frame_0000.png ... and evolution.json.
    QList<QImage> frames;
    for (const auto& f : evolution.frames) frames << app::toQImage(f);
    if (!app::exportFrameSequence(frames, evolutionDir, {app::parametersText(record), app::editReport(record, false)},
                                  &error, rewrite.imagePath)) {
      note(error);
      return 1;
    }
  }
  if (!reportPath.isEmpty() && !app::saveBytesAtomic(QJsonDocument(report).toJson(), reportPath, &error)) {
    note(error);
    return 1;
  }
  note(QStringLiteral("wrote %1 (%2x%3, evolution frame %4 -> %5)")
           .arg(out)
           .arg(exportSize.width())
           .arg(exportSize.height())
           .arg(result.chosenFrame)
           .arg(result.refined ? QStringLiteral("refined") : QStringLiteral("not refined")));
  return 0;
}

}  // namespace ifedit::cli
