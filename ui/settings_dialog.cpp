#include "ui/settings_dialog.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpressionValidator>
#include <QScreen>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "app/engine/memory_preview.h"
#include "app/settings/api_key_store.h"
#include "app/session/edit_parameters.h"
#include "app/settings/app_settings.h"
#include "app/settings/model_findings.h"
#include "app/vlm/vlm_endpoint.h"
#include "ui/alert_style.h"
#include "ui/form_labels.h"
#include "ui/page_scroll_area.h"
#include "ui/theme.h"

namespace ifedit::ui {
namespace {

// Pixel budgets people pick for Wan2.2 (the working size keeps the source's aspect ratio).
struct AreaPreset {
  int width, height;
};
constexpr AreaPreset kAreaPresets[] = {{320, 576}, {480, 832}, {720, 1280}};

// Selects `value`, adding it when it is not among the choices.
void selectData(QComboBox* box, const QString& value) {
  int i = box->findData(value);
  if (i < 0) {
    box->addItem(value, value);
    i = box->count() - 1;
  }
  box->setCurrentIndex(i);
}

// A closed set of choices: an unknown stored value (a hand-edited file, which the engine would
// refuse) shows, and is saved as, `fallback`.
void selectKnown(QComboBox* box, const QString& value, const QString& fallback) {
  const int i = box->findData(value);
  box->setCurrentIndex(i >= 0 ? i : std::max(0, box->findData(fallback)));
}

QLabel* note(const QString& text) {
  auto* label = new QLabel(text);
  label->setWordWrap(true);
  label->setForegroundRole(QPalette::PlaceholderText);
  // Only as tall as its text: a form gives spare height to a wrapping label otherwise.
  label->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
  return label;
}

// The tab page of `tabs` that holds `w`, or -1.
int tabHolding(const QTabWidget* tabs, const QWidget* w) {
  for (int i = 0; i < tabs->count(); ++i)
    if (tabs->widget(i)->isAncestorOf(w)) return i;
  return -1;
}

}  // namespace

SettingsDialog::SettingsDialog(app::AppSettings* settings, app::ApiKeyStore* keys, QWidget* parent)
    : QDialog(parent), settings_(settings), keys_(keys) {
  setObjectName(QStringLiteral("settingsDialog"));
  setWindowTitle(tr("Settings"));
  tabs_ = new QTabWidget(this);
  tabs_->setObjectName(QStringLiteral("settingsTabs"));
  tabs_->addTab(scrollablePage(createModelTab()), tr("Model"));
  tabs_->addTab(scrollablePage(createSamplingTab()), tr("Sampling"));
  tabs_->addTab(scrollablePage(createDropoutTab()), tr("Dropout && refinement"));
  tabs_->addTab(scrollablePage(createVlmTab()), tr("Prompt assistant"));
  tabs_->addTab(scrollablePage(createInterfaceTab()), tr("Interface"));

  errorLabel_ = new QLabel(this);
  errorLabel_->setObjectName(QStringLiteral("errorLabel"));
  errorLabel_->setWordWrap(true);
  showAsAlert(errorLabel_);
  errorLabel_->hide();

  buttons_ = new QDialogButtonBox(
      QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
  connect(buttons_, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
  connect(buttons_->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
          &SettingsDialog::restoreDefaults);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(tabs_);
  layout->addWidget(errorLabel_);
  layout->addWidget(buttons_);

  detectTimer_ = new QTimer(this);
  detectTimer_->setSingleShot(true);
  detectTimer_->setInterval(300);
  connect(detectTimer_, &QTimer::timeout, this, &SettingsDialog::refreshModelReport);

  loadFromSettings();
  if (keys_) {
    connect(keys_, &app::ApiKeyStore::loaded, this, [this](const QString& key) {
      // Only fill the field if the user has not typed into it meanwhile.
      if (apiKey_->text() == loadedKey_) apiKey_->setText(key);
      loadedKey_ = key;
      apiKeyStatus_->setText(keys_->statusText());
    });
    keys_->load();
  }
}

SettingsDialog::~SettingsDialog() = default;

QWidget* SettingsDialog::createModelTab() {
  auto* page = new QWidget;
  auto* form = new QFormLayout(page);

  modelPath_ = new QComboBox;
  modelPath_->setObjectName(QStringLiteral("modelPath"));
  modelPath_->setEditable(true);
  modelPath_->setInsertPolicy(QComboBox::NoInsert);
  modelPath_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  modelPath_->setToolTip(tr("A folder with Wan2.2-I2V-A14B in the official, Diffusers or ComfyUI layout."));
  browseModel_ = new QPushButton(tr("Browse…"));
  browseModel_->setObjectName(QStringLiteral("browseModel"));
  browseModel_->setAccessibleName(tr("Browse for the model folder"));
  connect(browseModel_, &QPushButton::clicked, this, &SettingsDialog::browseModelFolder);
  connect(modelPath_, &QComboBox::editTextChanged, this, [this] { detectTimer_->start(); });
  auto* pathRow = new QHBoxLayout;
  pathRow->addWidget(modelPath_, 1);
  pathRow->addWidget(browseModel_);
  form->addRow(tr("&Model folder:"), pathRow);

  useDemo_ = new QCheckBox(tr("Use the &demo model (tiny random weights: shows the workflow, not real edits)"));
  useDemo_->setObjectName(QStringLiteral("useDemoModel"));
  connect(useDemo_, &QCheckBox::toggled, this, [this] {
    updateEnabled();
    refreshModelReport();
  });
  form->addRow(QString(), useDemo_);

  modelSummary_ = new QLabel;
  modelSummary_->setObjectName(QStringLiteral("modelSummary"));
  modelSummary_->setWordWrap(true);
  form->addRow(tr("Detected:"), modelSummary_);
  modelParts_ = new QTreeWidget;
  modelParts_->setObjectName(QStringLiteral("modelParts"));
  modelParts_->setHeaderLabels({tr("Part"), tr("Found at")});
  modelParts_->setRootIsDecorated(false);
  modelParts_->setSelectionMode(QAbstractItemView::NoSelection);
  modelParts_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  modelParts_->setMinimumHeight(120);
  modelParts_->setFocusPolicy(Qt::NoFocus);  // read-only: not a Tab stop
  form->addRow(modelParts_);
  modelMissing_ = new QLabel;
  modelMissing_->setObjectName(QStringLiteral("modelMissing"));
  modelMissing_->setWordWrap(true);
  modelMissing_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  form->addRow(modelMissing_);

  auto loraRow = [this](QLineEdit*& edit, const char* name, const QString& browseName) {
    edit = new QLineEdit;
    edit->setObjectName(QLatin1String(name));
    edit->setPlaceholderText(tr("none"));
    edit->setClearButtonEnabled(true);
    auto* browse = new QPushButton(tr("Browse…"));
    browse->setAccessibleName(browseName);
    QLineEdit* target = edit;
    connect(browse, &QPushButton::clicked, this, [this, target] { browseLora(target); });
    auto* row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(browse);
    return row;
  };
  form->addRow(tr("LoRA, &high-noise expert:"), loraRow(loraHigh_, "loraHigh", tr("Browse for the high-noise expert's LoRA")));
  form->addRow(tr("LoRA, &low-noise expert:"), loraRow(loraLow_, "loraLow", tr("Browse for the low-noise expert's LoRA")));
  loraStrength_ = new QDoubleSpinBox;
  loraStrength_->setObjectName(QStringLiteral("loraStrength"));
  loraStrength_->setRange(-app::kMaxLoraStrength, app::kMaxLoraStrength);
  loraStrength_->setSingleStep(0.05);
  loraStrength_->setDecimals(2);
  loraStrength_->setToolTip(tr("How strongly the LoRAs change each expert: 1 as trained, 0 not at all (−4 to 4)."));
  form->addRow(tr("LoRA &strength:"), loraStrength_);
  lightningNote_ = note(QString());
  lightningNote_->setObjectName(QStringLiteral("lightningNote"));
  form->addRow(lightningNote_);
  connect(loraHigh_, &QLineEdit::textChanged, this, &SettingsDialog::updateLightningNote);
  connect(loraLow_, &QLineEdit::textChanged, this, &SettingsDialog::updateLightningNote);

  device_ = new QComboBox;
  device_->setObjectName(QStringLiteral("device"));
  device_->setToolTip(tr("Where the models run. The A14B models need a CUDA GPU; the CPU suits the demo model."));
  form->addRow(tr("De&vice:"), device_);
  deviceNote_ = note(QString());
  deviceNote_->setObjectName(QStringLiteral("deviceNote"));
  form->addRow(deviceNote_);
  setComputeDevices(app::computeDevices());
  precision_ = new QComboBox;
  precision_->setObjectName(QStringLiteral("precision"));
  precision_->addItem(tr("Automatic (bf16 on GPU, f32 on CPU)"), QStringLiteral("auto"));
  precision_->addItem(tr("f32 (full precision)"), QStringLiteral("f32"));
  precision_->addItem(tr("bf16 (half the memory)"), QStringLiteral("bf16"));
  form->addRow(tr("&Precision:"), precision_);
  memoryMode_ = new QComboBox;
  memoryMode_->setObjectName(QStringLiteral("memoryMode"));
  memoryMode_->addItem(tr("Automatic (from the free GPU memory)"), QStringLiteral("auto"));
  memoryMode_->addItem(tr("Resident (everything on the GPU, fastest)"), QStringLiteral("resident"));
  memoryMode_->addItem(tr("Swap (one expert on the GPU at a time)"), QStringLiteral("swap"));
  memoryMode_->addItem(tr("FP8 (both experts on the GPU in FP8, half the memory)"), QStringLiteral("fp8"));
  memoryMode_->addItem(tr("Low VRAM (FP8 blocks streamed from host memory)"), QStringLiteral("lowvram"));
  form->addRow(tr("&GPU memory:"), memoryMode_);
  textEncoderOnCpu_ = new QCheckBox(tr("Run the &text encoder on the CPU (saves about 11 GB of GPU memory)"));
  textEncoderOnCpu_->setObjectName(QStringLiteral("textEncoderOnCpu"));
  form->addRow(QString(), textEncoderOnCpu_);
  memoryPlan_ = note(QString());
  memoryPlan_->setObjectName(QStringLiteral("memoryPlan"));
  memoryPlan_->hide();
  form->addRow(memoryPlan_);
  // Planning reads the set's file headers: once the choices settle, not at every key press.
  planTimer_ = new QTimer(this);
  planTimer_->setSingleShot(true);
  planTimer_->setInterval(150);
  connect(planTimer_, &QTimer::timeout, this, &SettingsDialog::updateMemoryPlan);
  for (QComboBox* box : {device_, precision_, memoryMode_})
    connect(box, &QComboBox::currentIndexChanged, planTimer_, qOverload<>(&QTimer::start));
  connect(textEncoderOnCpu_, &QCheckBox::toggled, planTimer_, qOverload<>(&QTimer::start));
  form->addRow(note(tr("Model changes apply to the next run; the models stay loaded between edits.")));
  bindGroupedRowLabels(form);
  return page;
}

QWidget* SettingsDialog::createSamplingTab() {
  auto* page = new QWidget;
  auto* form = new QFormLayout(page);

  frames_ = new QSpinBox;
  frames_->setObjectName(QStringLiteral("frames"));
  // The engine's whole range: a restored edit may use any of it (see showNumber).
  frames_->setRange(app::kMinFrames, app::kMaxFrames);
  frames_->setSingleStep(4);
  frames_->setToolTip(tr("Wan needs 4n+1 frames; other values are rounded."));
  form->addRow(tr("&Frames:"), frames_);
  steps_ = new QSpinBox;
  steps_->setObjectName(QStringLiteral("steps"));
  steps_->setRange(1, app::kMaxSteps);
  steps_->setToolTip(tr("Denoising steps (1–1000): 8 with the Lightning LoRAs and Euler, about 40 with UniPC."));
  form->addRow(tr("S&teps:"), steps_);
  shift_ = new QDoubleSpinBox;
  shift_->setObjectName(QStringLiteral("shift"));
  shift_->setRange(0.001, 1000.0);
  shift_->setSingleStep(0.5);
  shift_->setDecimals(3);
  shift_->setToolTip(tr("Moves the noise schedule towards the noisy end (0.001–1000); Wan uses 5."));
  form->addRow(tr("S&hift:"), shift_);
  solver_ = new QComboBox;
  solver_->setObjectName(QStringLiteral("solver"));
  solver_->addItem(tr("Euler (Lightning, as in the paper)"), QStringLiteral("euler"));
  solver_->addItem(tr("UniPC (official Wan sampler)"), QStringLiteral("unipc"));
  solver_->addItem(tr("DPM++"), QStringLiteral("dpm++"));
  solver_->setToolTip(tr("Euler for the Lightning LoRAs (few steps); UniPC is the official sampler, for about 40 steps."));
  form->addRow(tr("So&lver:"), solver_);
  auto guidance = [](const char* name) {
    auto* box = new QDoubleSpinBox;
    box->setObjectName(QLatin1String(name));
    box->setRange(0.0, 100.0);
    box->setSingleStep(0.5);
    box->setDecimals(3);
    box->setToolTip(SettingsDialog::tr("Classifier-free guidance, 0–100: 1 runs no negative pass; the official recipe uses 3.5."));
    return box;
  };
  guidanceHigh_ = guidance("guidanceHigh");
  guidanceLow_ = guidance("guidanceLow");
  form->addRow(tr("Guidance, h&igh-noise expert:"), guidanceHigh_);
  form->addRow(tr("Guidance, lo&w-noise expert:"), guidanceLow_);
  form->addRow(note(tr("Guidance 1 skips the negative pass (twice as fast); Lightning LoRAs expect 1.")));

  maxArea_ = new QComboBox;
  maxArea_->setObjectName(QStringLiteral("maxArea"));
  for (const auto& p : kAreaPresets)
    maxArea_->addItem(tr("%1 × %2 (%3 pixels)").arg(p.width).arg(p.height).arg(qint64(p.width) * p.height),
                      qint64(p.width) * p.height);
  form->addRow(tr("Working re&solution:"), maxArea_);
  maxArea_->setToolTip(tr("A pixel budget, not a fixed size: the working size keeps the picture's aspect ratio (a landscape "
                          "picture at 480 × 832 runs at 832 × 480). The result is exported at the source's size."));

  negativePrompt_ = new QPlainTextEdit;
  negativePrompt_->setObjectName(QStringLiteral("negativePrompt"));
  negativePrompt_->setPlaceholderText(tr("Empty: the built-in negative prompt (used whenever guidance is not 1; at 0 it alone steers)"));
  negativePrompt_->setMaximumHeight(70);
  negativePrompt_->setTabChangesFocus(true);  // a Tab typed into a prompt is never wanted
  form->addRow(tr("&Negative prompt:"), negativePrompt_);

  randomSeed_ = new QRadioButton(tr("Random for ever&y run"));
  randomSeed_->setObjectName(QStringLiteral("randomSeed"));
  fixedSeed_ = new QRadioButton(tr("Fi&xed:"));
  fixedSeed_->setObjectName(QStringLiteral("fixedSeed"));
  seed_ = new QLineEdit;
  seed_->setObjectName(QStringLiteral("seed"));
  seed_->setToolTip(tr("The same seed, picture, prompt and settings give the same result (the noise is drawn on the CPU)."));
  seed_->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{1,10}")), seed_));
  connect(fixedSeed_, &QRadioButton::toggled, this, &SettingsDialog::updateEnabled);
  auto* seedRow = new QHBoxLayout;
  seedRow->addWidget(randomSeed_);
  seedRow->addWidget(fixedSeed_);
  seedRow->addWidget(seed_, 1);
  form->addRow(tr("S&eed:"), seedRow);
  connect(steps_, &QSpinBox::valueChanged, this, &SettingsDialog::updateLightningNote);
  connect(solver_, &QComboBox::currentIndexChanged, this, &SettingsDialog::updateLightningNote);
  connect(guidanceHigh_, &QDoubleSpinBox::valueChanged, this, &SettingsDialog::updateLightningNote);
  connect(guidanceLow_, &QDoubleSpinBox::valueChanged, this, &SettingsDialog::updateLightningNote);
  bindGroupedRowLabels(form);
  return page;
}

QWidget* SettingsDialog::createDropoutTab() {
  auto* page = new QWidget;
  auto* form = new QFormLayout(page);
  dropout_ = new QCheckBox(tr("Temporal Latent &Dropout"));
  dropout_->setObjectName(QStringLiteral("dropout"));
  connect(dropout_, &QCheckBox::toggled, this, &SettingsDialog::updateEnabled);
  form->addRow(dropout_);
  form->addRow(note(tr("Keeps every K-th latent frame once the noise is low, so the late steps cost less.")));
  dropoutK_ = new QSpinBox;
  dropoutK_->setObjectName(QStringLiteral("dropoutK"));
  dropoutK_->setRange(1, 1000);
  dropoutK_->setToolTip(tr("Keeps the first and last latent frames and every K-th counted back from the last; K 1 keeps all."));
  form->addRow(tr("&Keep every K-th frame, K:"), dropoutK_);
  threshold_ = new QDoubleSpinBox;
  threshold_->setObjectName(QStringLiteral("threshold"));
  threshold_->setRange(0.001, 0.999);
  threshold_->setSingleStep(0.05);
  threshold_->setDecimals(3);
  threshold_->setToolTip(tr("Dropout happens at the first step whose timestep is below this × 1000; 0.9 is the switch to "
                            "the low-noise expert."));
  form->addRow(tr("&Start below noise level:"), threshold_);
  anchor_ = new QComboBox;
  anchor_->setObjectName(QStringLiteral("anchor"));
  anchor_->addItem(tr("Last frame (default)"), QStringLiteral("end"));
  anchor_->addItem(tr("First frame"), QStringLiteral("start"));
  anchor_->setToolTip(tr("Which end the every-K-th count starts from; the last frame is always kept."));
  form->addRow(tr("A&nchor:"), anchor_);
  positions_ = new QComboBox;
  positions_->setObjectName(QStringLiteral("positions"));
  positions_->addItem(tr("Keep original positions (default)"), QStringLiteral("preserve"));
  positions_->addItem(tr("Renumber kept frames"), QStringLiteral("reindex"));
  positions_->setToolTip(tr("Whether kept frames keep their place in time for the model, or are renumbered 0, 1, 2, …"));
  form->addRow(tr("Frame &positions:"), positions_);

  refine_ = new QCheckBox(tr("Re&fine the chosen frame (self-consistent post-refinement)"));
  refine_->setObjectName(QStringLiteral("refine"));
  connect(refine_, &QCheckBox::toggled, this, &SettingsDialog::updateEnabled);
  form->addRow(refine_);
  refineFrames_ = new QSpinBox;
  refineFrames_->setObjectName(QStringLiteral("refineFrames"));
  refineFrames_->setRange(app::kMinFrames, app::kMaxFrames);
  refineFrames_->setSingleStep(4);
  refineFrames_->setToolTip(tr("Frames of the refinement clip (4n+1, other values are rounded); it runs with dropout on."));
  form->addRow(tr("Refinement fra&mes:"), refineFrames_);
  bindGroupedRowLabels(form);
  return page;
}

QWidget* SettingsDialog::createVlmTab() {
  auto* page = new QWidget;
  auto* form = new QFormLayout(page);
  form->addRow(note(tr("A vision-language model turns your instruction into a temporal prompt. Without "
                       "one, an offline template writes it.")));
  auto* presets = new QHBoxLayout;
  for (const auto& p : app::vlmPresets()) {
    auto* button = new QPushButton(p.label);
    button->setObjectName(QStringLiteral("vlmPreset_") + p.id);
    button->setToolTip(tr("%1 at %2 with %3").arg(p.label, p.baseUrl.toString(), p.suggestedModel));
    const QString id = p.id;
    connect(button, &QPushButton::clicked, this, [this, id] { applyVlmPreset(id); });
    presets->addWidget(button);
  }
  presets->addStretch(1);
  form->addRow(tr("&Presets:"), presets);
  vlmUrl_ = new QLineEdit;
  vlmUrl_->setObjectName(QStringLiteral("vlmUrl"));
  vlmUrl_->setPlaceholderText(tr("e.g. http://localhost:8000/v1 (empty: offline template)"));
  vlmUrl_->setClearButtonEnabled(true);
  connect(vlmUrl_, &QLineEdit::textEdited, this, [this] { vlmPreset_.clear(); });
  form->addRow(tr("&Endpoint:"), vlmUrl_);
  vlmModel_ = new QLineEdit;
  vlmModel_->setObjectName(QStringLiteral("vlmModel"));
  vlmModel_->setPlaceholderText(tr("as the server names it, e.g. Qwen/Qwen3-VL-8B-Instruct"));
  form->addRow(tr("&Model:"), vlmModel_);
  vlmMaxTokens_ = new QSpinBox;
  vlmMaxTokens_->setObjectName(QStringLiteral("vlmMaxTokens"));
  vlmMaxTokens_->setRange(app::kMinVlmMaxTokens, app::kMaxVlmMaxTokens);
  vlmMaxTokens_->setSingleStep(1024);
  vlmMaxTokens_->setToolTip(tr("How many tokens the VLM may write. A thinking model reasons before it answers: "
                               "give it 8192 or more."));
  form->addRow(tr("&Token limit:"), vlmMaxTokens_);
  apiKey_ = new QLineEdit;
  apiKey_->setObjectName(QStringLiteral("apiKey"));
  apiKey_->setEchoMode(QLineEdit::Password);
  apiKey_->setPlaceholderText(tr("only for hosted services"));
  form->addRow(tr("API &key:"), apiKey_);
  apiKeyStatus_ = new QLabel;
  apiKeyStatus_->setObjectName(QStringLiteral("apiKeyStatus"));
  apiKeyStatus_->setWordWrap(true);
  form->addRow(apiKeyStatus_);
  if (keys_) {
    apiKeyStatus_->setText(keys_->statusText());
  } else {
    apiKey_->setEnabled(false);
    apiKeyStatus_->setText(tr("The API key cannot be set here."));
  }
  bindGroupedRowLabels(form);
  return page;
}

QWidget* SettingsDialog::createInterfaceTab() {
  auto* page = new QWidget;
  auto* form = new QFormLayout(page);
  language_ = new QComboBox;
  language_->setObjectName(QStringLiteral("language"));
  for (const auto& [code, name] : app::AppSettings::languages())
    language_->addItem(code.isEmpty() ? tr("System language") : name, code);
  form->addRow(tr("&Language:"), language_);
  form->addRow(note(tr("A new language applies the next time IF-Edit Studio starts.")));
  theme_ = new QComboBox;
  theme_->setObjectName(QStringLiteral("theme"));
  const QStringList themeNames = {tr("System"), tr("Dark"), tr("Light")};
  const QStringList codes = themeCodes();
  for (int i = 0; i < codes.size(); ++i) theme_->addItem(themeNames.value(i, codes.at(i)), codes.at(i));
  form->addRow(tr("A&ppearance:"), theme_);
  bindGroupedRowLabels(form);
  return page;
}

template <typename Box, typename T>
void SettingsDialog::showNumber(Box* box, T stored) {
  box->setValue(stored);
  // Outside the box's range (a hand-edited file; the box's range is the engine's): shown clamped
  // and saved as shown, since the engine would refuse every run with it.
  if (double(stored) < double(box->minimum()) || double(stored) > double(box->maximum())) return;
  shownNumbers_.insert(box, {double(stored), double(box->value())});
}

template <typename Box>
auto SettingsDialog::numberToSave(const Box* box) const {
  using Value = decltype(box->value());
  const auto it = shownNumbers_.constFind(box);
  if (it != shownNumbers_.cend() && double(box->value()) == it->second) return static_cast<Value>(it->first);
  return box->value();
}

namespace {

QString gpuLabel(const app::GpuDevice& gpu) {
  const QString number = gpu.id.section(QLatin1Char(':'), 1);
  const QString name = gpu.name.isEmpty() ? SettingsDialog::tr("unnamed") : gpu.name;
  if (gpu.totalBytes <= 0) return SettingsDialog::tr("GPU %1: %2").arg(number, name);
  return SettingsDialog::tr("GPU %1: %2, %3")
      .arg(number, name, QLocale().formattedDataSize(gpu.totalBytes, 0));
}

}  // namespace

void SettingsDialog::setComputeDevices(const app::ComputeDevices& devices) {
  devices_ = devices;
  const QString current = device_->currentData().toString();
  device_->clear();
  if (devices.gpus.isEmpty())
    device_->addItem(tr("Automatic (the CPU: no GPU here)"), QStringLiteral("auto"));
  else
    device_->addItem(tr("Automatic (%1)").arg(gpuLabel(devices.gpus.front())), QStringLiteral("auto"));
  device_->addItem(tr("CPU"), QStringLiteral("cpu"));
  for (const auto& gpu : devices.gpus) device_->addItem(gpuLabel(gpu), gpu.id);
  if (devices.gpus.isEmpty()) {
    // Shown, not choosable: says why there is no GPU to pick.
    device_->addItem(devices.cudaBuild ? tr("GPU: none found") : tr("GPU: this build has no CUDA"));
    if (auto* model = qobject_cast<QStandardItemModel*>(device_->model()))
      model->item(device_->count() - 1)->setEnabled(false);
    deviceNote_->setText(
        devices.cudaBuild
            ? tr("No CUDA GPU is visible (see nvidia-smi and CUDA_VISIBLE_DEVICES): edits run on the CPU, "
                 "which suits the demo model only.")
            : tr("This build of IF-Edit Studio was made without CUDA: edits run on the CPU, which suits the "
                 "demo model only."));
  }
  deviceNote_->setVisible(devices.gpus.isEmpty());
  if (!current.isEmpty()) selectDevice(current);
}

// Devices are open-ended: a value from the settings file that names no device here (another
// computer's cuda:3) stays, said as not found, so OK does not change it behind the user's back.
void SettingsDialog::selectDevice(const QString& value) {
  int i = device_->findData(value);
  const int first = device_->findData(QStringLiteral("cuda:0"));
  if (i < 0 && value == QLatin1String("cuda") && first >= 0) {
    // "cuda" (what earlier versions offered) is the engine's first GPU: shown as such and kept, as
    // saving it as cuda:0 would reload the models for nothing.
    device_->addItem(tr("First GPU (%1)").arg(device_->itemText(first)), value);
    i = device_->count() - 1;
  } else if (i < 0) {
    device_->addItem(tr("%1 (not found here)").arg(value), value);
    i = device_->count() - 1;
  }
  device_->setCurrentIndex(i);
}

void SettingsDialog::loadFromSettings() {
  const auto& s = *settings_;
  modelPath_->clear();
  modelPath_->addItems(s.recentModelPaths());
  modelPath_->setEditText(s.modelPath());
  useDemo_->setChecked(s.useDemoModel());
  loraHigh_->setText(s.loraHigh());
  loraLow_->setText(s.loraLow());
  showNumber(loraStrength_, s.loraStrength());
  loadedModelPath_ = app::cleanFolderPath(modelPath_->currentText());
  selectDevice(s.device());
  selectKnown(precision_, s.precision(), s.precision.defaultValue());
  selectKnown(memoryMode_, s.memoryMode(), s.memoryMode.defaultValue());
  textEncoderOnCpu_->setChecked(s.textEncoderOnCpu());

  showNumber(frames_, s.frames());
  showNumber(steps_, s.steps());
  showNumber(shift_, s.shift());
  selectKnown(solver_, s.solver(), s.solver.defaultValue());
  showNumber(guidanceLow_, s.guidanceLow());
  showNumber(guidanceHigh_, s.guidanceHigh());
  setMaxArea(s.maxArea());
  negativePrompt_->setPlainText(s.negativePrompt());
  (s.randomSeed() ? randomSeed_ : fixedSeed_)->setChecked(true);
  seed_->setText(QString::number(s.seed()));

  dropout_->setChecked(s.dropout());
  showNumber(dropoutK_, s.dropoutK());
  showNumber(threshold_, s.threshold());
  selectKnown(anchor_, s.anchor(), s.anchor.defaultValue());
  selectKnown(positions_, s.positions(), s.positions.defaultValue());
  refine_->setChecked(s.refine());
  showNumber(refineFrames_, s.refineFrames());

  vlmPreset_ = s.vlmPreset();
  vlmUrl_->setText(s.vlmBaseUrl());
  vlmModel_->setText(s.vlmModel());
  showNumber(vlmMaxTokens_, s.vlmMaxTokens());

  selectKnown(language_, s.language(), s.language.defaultValue());
  selectKnown(theme_, s.theme(), s.theme.defaultValue());
  updateEnabled();
  refreshModelReport();
}

void SettingsDialog::restoreDefaults() {
  // The defaults, into the widgets only: Cancel still leaves the settings as they were.
  auto& s = *settings_;
  shownNumbers_.clear();
  useDemo_->setChecked(s.useDemoModel.defaultValue());
  loraStrength_->setValue(s.loraStrength.defaultValue());
  selectDevice(s.device.defaultValue());
  selectData(precision_, s.precision.defaultValue());
  selectData(memoryMode_, s.memoryMode.defaultValue());
  textEncoderOnCpu_->setChecked(s.textEncoderOnCpu.defaultValue());
  frames_->setValue(s.frames.defaultValue());
  steps_->setValue(s.steps.defaultValue());
  shift_->setValue(s.shift.defaultValue());
  selectData(solver_, s.solver.defaultValue());
  guidanceLow_->setValue(s.guidanceLow.defaultValue());
  guidanceHigh_->setValue(s.guidanceHigh.defaultValue());
  setMaxArea(s.maxArea.defaultValue());
  negativePrompt_->setPlainText(s.negativePrompt.defaultValue());
  (s.randomSeed.defaultValue() ? randomSeed_ : fixedSeed_)->setChecked(true);
  seed_->setText(QString::number(s.seed.defaultValue()));
  dropout_->setChecked(s.dropout.defaultValue());
  dropoutK_->setValue(s.dropoutK.defaultValue());
  threshold_->setValue(s.threshold.defaultValue());
  selectData(anchor_, s.anchor.defaultValue());
  selectData(positions_, s.positions.defaultValue());
  refine_->setChecked(s.refine.defaultValue());
  refineFrames_->setValue(s.refineFrames.defaultValue());
  vlmMaxTokens_->setValue(s.vlmMaxTokens.defaultValue());
  selectData(language_, s.language.defaultValue());
  selectData(theme_, s.theme.defaultValue());
  // The model folder, the LoRA files and the VLM endpoint are where the user's things are, not
  // preferences with a sensible default: they stay.
  updateEnabled();
}

void SettingsDialog::saveToSettings() {
  auto& s = *settings_;
  s.modelPath.setValue(app::cleanFolderPath(modelPath_->currentText()));
  if (!s.modelPath().isEmpty()) s.rememberModelPath(s.modelPath());
  s.useDemoModel.setValue(useDemo_->isChecked());
  s.loraHigh.setValue(loraHigh_->text().trimmed());
  s.loraLow.setValue(loraLow_->text().trimmed());
  s.loraStrength.setValue(numberToSave(loraStrength_));
  s.device.setValue(device_->currentData().toString());
  s.precision.setValue(precision_->currentData().toString());
  s.memoryMode.setValue(memoryMode_->currentData().toString());
  s.textEncoderOnCpu.setValue(textEncoderOnCpu_->isChecked());

  s.frames.setValue(numberToSave(frames_));
  s.steps.setValue(numberToSave(steps_));
  s.shift.setValue(numberToSave(shift_));
  s.solver.setValue(solver_->currentData().toString());
  s.guidanceLow.setValue(numberToSave(guidanceLow_));
  s.guidanceHigh.setValue(numberToSave(guidanceHigh_));
  s.maxArea.setValue(maxArea());
  s.negativePrompt.setValue(negativePrompt_->toPlainText().trimmed());
  s.randomSeed.setValue(randomSeed_->isChecked());
  bool ok = false;
  const quint64 seed = seed_->text().toULongLong(&ok);
  if (ok) s.seed.setValue(seed);

  s.dropout.setValue(dropout_->isChecked());
  s.dropoutK.setValue(numberToSave(dropoutK_));
  s.threshold.setValue(numberToSave(threshold_));
  s.anchor.setValue(anchor_->currentData().toString());
  s.positions.setValue(positions_->currentData().toString());
  s.refine.setValue(refine_->isChecked());
  s.refineFrames.setValue(numberToSave(refineFrames_));

  s.vlmPreset.setValue(vlmPreset_);
  s.vlmBaseUrl.setValue(vlmUrl_->text().trimmed());
  s.vlmModel.setValue(vlmModel_->text().trimmed());
  s.vlmMaxTokens.setValue(numberToSave(vlmMaxTokens_));

  const QString language = language_->currentData().toString();
  const bool languageChanged = language != s.language();
  s.language.setValue(language);
  const QString theme = theme_->currentData().toString();
  const bool themeChanged = theme != s.theme();
  s.theme.setValue(theme);
  savedToDisk_ = s.sync();
  if (keys_ && apiKey_->text() != loadedKey_) keys_->store(apiKey_->text());
  if (languageChanged) Q_EMIT this->languageChanged(language);
  if (themeChanged) Q_EMIT this->themeChanged(theme);
}

void SettingsDialog::showEvent(QShowEvent* event) {
  QDialog::showEvent(event);
  if (fittedToPages_) return;
  fittedToPages_ = true;
  // The first time it shows, tall enough for the tallest page at this width (wrapped notes
  // included), within the screen; a page that grows later scrolls.
  if (layout()) layout()->activate();
  const int shortfall = pagesHeightShortfall(tabs_);
  if (shortfall <= 0) return;
  int room = height() + shortfall;
  if (const QScreen* s = screen()) room = std::min(room, s->availableGeometry().height() * 9 / 10);
  if (room > height()) resize(width(), room);
}

QString SettingsDialog::validationError(QWidget** field) const {
  auto refuse = [field](QWidget* w, const QString& problem) {
    if (field) *field = w;
    return problem;
  };
  // A LoRA path that is no file would fail every run, after the experts loaded.
  for (QLineEdit* lora : {loraHigh_, loraLow_}) {
    const QString path = lora->text().trimmed();
    if (!path.isEmpty() && !QFileInfo(path).isFile())
      return refuse(lora, (lora == loraHigh_ ? tr("LoRA, high-noise expert: %1 is not a file.")
                                             : tr("LoRA, low-noise expert: %1 is not a file."))
                              .arg(QDir::toNativeSeparators(path)));
  }
  const QString url = vlmUrl_->text().trimmed();
  if (!url.isEmpty()) {
    QString problem;
    if (!app::normalizedVlmBaseUrl(url, &problem).isValid())
      return refuse(vlmUrl_, tr("Prompt assistant endpoint: '%1' is not an http(s) address such as "
                                "http://localhost:8000/v1.").arg(url));
  }
  // On the CPU every model stays in host memory: the GPU modes would fail every run.
  const QString mode = memoryMode_->currentData().toString();
  if (device_->currentData().toString() == QLatin1String("cpu") && mode != QLatin1String("auto") &&
      mode != QLatin1String("resident"))
    return refuse(memoryMode_, tr("GPU memory: '%1' needs a GPU; with the CPU as device choose Automatic or Resident.")
                                   .arg(memoryMode_->currentText()));
  bool ok = false;
  if (fixedSeed_->isChecked()) {
    if (seed_->text().toULongLong(&ok) > app::kMaxSeed) ok = false;
    if (!ok) return refuse(seed_, tr("Seed: enter a whole number from 0 to %1.").arg(app::kMaxSeed));
  }
  return {};
}

void SettingsDialog::accept() {
  QWidget* field = nullptr;
  QString problem = validationError(&field);
  // A newly chosen folder that is not a usable set: said once, with the tab that shows why; a
  // second OK keeps it (the download may still be under way).
  if (problem.isEmpty() && !useDemo_->isChecked()) {
    if (detectTimer_->isActive()) refreshModelReport();
    const QString path = app::cleanFolderPath(modelPath_->currentText());  // "~/wan/" is "/home/u/wan"
    if (!path.isEmpty() && path != loadedModelPath_ && !report_.complete() && path != warnedModelPath_) {
      warnedModelPath_ = path;
      field = modelPath_;
      problem = tr("Model folder: %1\nRuns will fail with it: press OK again to keep it anyway.")
                    .arg(modelSummary_->text());
    }
  }
  errorLabel_->setText(problem);
  errorLabel_->setVisible(!problem.isEmpty());
  if (!problem.isEmpty()) {
    if (field) {
      if (const int tab = tabHolding(tabs_, field); tab >= 0) {
        tabs_->setCurrentIndex(tab);
        if (auto* area = qobject_cast<QScrollArea*>(tabs_->widget(tab))) area->ensureWidgetVisible(field);
      }
      field->setFocus();
    }
    return;
  }
  saveToSettings();
  QDialog::accept();
}

void SettingsDialog::updateLightningNote() {
  // The defaults are the Lightning recipe (DESIGN.md §2): without its LoRAs the base model gets
  // too few steps and no guidance. The demo has no LoRA to take.
  const bool lightningRecipe = solver_->currentData().toString() == QLatin1String("euler") && steps_->value() <= 16 &&
                               guidanceHigh_->value() == 1.0 && guidanceLow_->value() == 1.0;
  const bool noLora = loraHigh_->text().trimmed().isEmpty() && loraLow_->text().trimmed().isEmpty();
  lightningNote_->setText(tr("These sampling settings (Euler, steps: %1, guidance 1) are the Lightning recipe: it "
                             "needs the Wan2.2 Lightning I2V LoRAs, one per expert. Without them, choose UniPC with "
                             "40 steps and guidance 3.5 on the Sampling tab.").arg(steps_->value()));
  lightningNote_->setVisible(lightningRecipe && noLora && !useDemo_->isChecked());
}

void SettingsDialog::setUseDemoModel(bool demo) { useDemo_->setChecked(demo); }

void SettingsDialog::setModelPath(const QString& path) {
  modelPath_->setEditText(QDir::toNativeSeparators(path));
  loadedModelPath_ = app::cleanFolderPath(modelPath_->currentText());  // the one in use: not a new choice
}

void SettingsDialog::applyVlmPreset(const QString& id) {
  const app::VlmPreset* preset = app::findVlmPreset(id);
  if (!preset) return;
  vlmPreset_ = preset->id;
  vlmUrl_->setText(preset->baseUrl.toString());
  vlmModel_->setText(preset->suggestedModel);
}

void SettingsDialog::refreshModelReport() {
  detectTimer_->stop();
  report_ = useDemo_->isChecked() ? app::detectDemoModel()
                                  : app::detectModelFolder(app::cleanFolderPath(modelPath_->currentText()));
  if (!useDemo_->isChecked() && modelPath_->currentText().trimmed().isEmpty()) report_.path.clear();
  showModelReport();
  Q_EMIT modelReportChanged();
}

void SettingsDialog::showModelReport() {
  modelParts_->clear();
  const auto& r = report_;
  const bool noFolder = !r.demo && r.path.isEmpty();
  if (noFolder) {
    modelSummary_->setText(tr("No model folder chosen. Download Wan2.2-I2V-A14B (official, Diffusers or ComfyUI "
                              "files) and choose its folder, or use the demo model."));
  } else if (!r.error.isEmpty()) {
    modelSummary_->setText(tr("Cannot use this folder: %1").arg(r.error));
  } else {
    QString layout;
    if (r.layout == QLatin1String("official")) layout = tr("official Wan2.2 layout");
    else if (r.layout == QLatin1String("diffusers")) layout = tr("Diffusers layout");
    else if (r.layout == QLatin1String("comfyui")) layout = tr("ComfyUI files");
    else layout = tr("no Wan2.2-I2V-A14B model set");
    // Parts, not message lines: one part may have several problems, one line may cover all parts.
    int missingParts = 0;
    for (const auto& part : r.parts) missingParts += part.path.isEmpty();
    if (missingParts == 0) missingParts = int(r.missing.size());
    modelSummary_->setText(r.complete() ? tr("%1, complete").arg(layout)
                                        : tr("%1, parts missing: %2").arg(layout).arg(missingParts));
    // Another model's download is no incomplete one: say which it is first.
    if (!r.otherModel.isEmpty())
      modelSummary_->setText(tr("This is %1, not Wan2.2-I2V-A14B: download Wan-AI/Wan2.2-I2V-A14B.").arg(r.otherModel));
    if (r.demo) modelSummary_->setText(modelSummary_->text() + QLatin1Char('\n') +
                                       tr("Demo model: random weights, every output is labelled as such."));
  }
  for (const auto& part : r.parts) {
    auto* item = new QTreeWidgetItem(modelParts_, {app::partRoleName(part.role),
                                                   part.path.isEmpty() ? tr("missing") : part.path});
    item->setToolTip(1, part.path);
  }
  QStringList lines;
  for (const auto& m : r.missing) lines << tr("Missing: %1").arg(m);
  for (const auto& n : r.notes) lines << tr("Note: %1").arg(n);
  modelMissing_->setText(lines.join(QLatin1Char('\n')));
  modelMissing_->setVisible(!lines.isEmpty());
  if (planTimer_) planTimer_->start();
}

void SettingsDialog::updateMemoryPlan() {
  planTimer_->stop();
  if (!report_.complete() || (!report_.demo && report_.path.isEmpty())) {
    memoryPlan_->hide();
    return;
  }
  app::ModelSetup setup;  // LoRAs leave the sizes as they are (and are checked on OK)
  setup.path = report_.demo ? app::ModelSetup::demoPath() : report_.path;
  setup.device = device_->currentData().toString();
  setup.precision = precision_->currentData().toString();
  setup.memoryMode = memoryMode_->currentData().toString();
  setup.textEncoderOnCpu = textEncoderOnCpu_->isChecked();
  // A GPU this computer does not have: said here, in the interface's language, not by the engine.
  const bool gpuHere = std::any_of(devices_.gpus.begin(), devices_.gpus.end(),
                                   [&](const app::GpuDevice& g) { return g.id == setup.device; }) ||
                       (setup.device == QLatin1String("cuda") && !devices_.gpus.isEmpty());
  if (setup.device.startsWith(QLatin1String("cuda")) && !gpuHere) {
    memoryPlan_->setText(tr("No memory plan: %1 is not a GPU of this computer.").arg(setup.device));
    memoryPlan_->show();
    return;
  }
  const auto p = app::previewMemory(setup);
  const auto size = [](qint64 bytes) { return QLocale().formattedDataSize(bytes, 1); };
  QStringList lines;
  if (!p.error.isEmpty()) {
    lines << tr("Memory: cannot plan (%1).").arg(p.error);
  } else if (p.onCpu()) {
    lines << (p.hostAvailableBytes >= 0
                  ? tr("On the CPU every model stays in RAM: about %1, with %2 available now.")
                        .arg(size(p.hostBytes), size(p.hostAvailableBytes))
                  : tr("On the CPU every model stays in RAM: about %1.").arg(size(p.hostBytes)));
  } else {
    QString mode = p.mode;
    if (mode == QLatin1String("resident")) mode = tr("Resident");
    else if (mode == QLatin1String("swap")) mode = tr("Swap");
    else if (mode == QLatin1String("fp8")) mode = tr("FP8");
    else if (mode == QLatin1String("lowvram")) mode = tr("Low VRAM");
    const bool chosen = setup.memoryMode == QLatin1String("auto");
    QString gpu = p.deviceFreeBytes >= 0
                      ? tr("about %1 of GPU memory, %2 free").arg(size(p.deviceBytes), size(p.deviceFreeBytes))
                      : tr("about %1 of GPU memory").arg(size(p.deviceBytes));
    lines << (chosen ? tr("Automatic chooses %1 here: %2.").arg(mode, gpu) : tr("%1: %2.").arg(mode, gpu));
    if (p.hostBytes == 0) lines << tr("Nothing stays in RAM.");
    else if (p.hostAvailableBytes >= 0)
      lines << tr("RAM: about %1, with %2 available now.").arg(size(p.hostBytes), size(p.hostAvailableBytes));
    else
      lines << tr("RAM: about %1.").arg(size(p.hostBytes));
    // Automatic has tried every mode already: only a chosen one can be swapped for a leaner one.
    if (!p.fits)
      lines << (chosen ? tr("It may not fit: close other programs that use the GPU.")
                       : tr("It may not fit: close other programs that use the GPU, or choose a mode that needs less."));
    if (!p.hostFits)
      lines << (chosen ? tr("Too little RAM: loading will be refused. Close other programs.")
                       : tr("Too little RAM: loading will be refused. Close other programs, or choose a mode that "
                            "keeps less in RAM."));
  }
  if (p.error.isEmpty() && p.onCpu() && !p.hostFits)
    lines << (p.precision == QLatin1String("f32")
                  ? tr("Too little RAM: loading will be refused. Run it on a GPU, or choose bf16 precision to halve it.")
                  : tr("Too little RAM: loading will be refused. Run it on a GPU."));
  // The text encoder's place is the one choice the memory mode does not make: say when it decides.
  if (p.error.isEmpty() && !p.onCpu() && (!p.fits || !p.hostFits)) {
    app::ModelSetup flipped = setup;
    flipped.textEncoderOnCpu = !setup.textEncoderOnCpu;
    const auto q = app::previewMemory(flipped);
    if (q.error.isEmpty() && q.fits && q.hostFits)
      lines << (flipped.textEncoderOnCpu ? tr("Running the text encoder on the CPU would make it fit.")
                                         : tr("Keeping the text encoder on the GPU would make it fit."));
  }
  memoryPlan_->setText(lines.join(QLatin1Char(' ')));
  memoryPlan_->show();
}

void SettingsDialog::updateEnabled() {
  const bool demo = useDemo_->isChecked();
  modelPath_->setEnabled(!demo);
  browseModel_->setEnabled(!demo);
  seed_->setEnabled(fixedSeed_->isChecked());
  for (QWidget* w : {static_cast<QWidget*>(dropoutK_), static_cast<QWidget*>(threshold_),
                     static_cast<QWidget*>(anchor_), static_cast<QWidget*>(positions_)})
    w->setEnabled(dropout_->isChecked());
  refineFrames_->setEnabled(refine_->isChecked());
  updateLightningNote();
}

void SettingsDialog::browseModelFolder() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose the model folder"), modelPath_->currentText());
  if (dir.isEmpty()) return;
  modelPath_->setEditText(dir);
  refreshModelReport();
}

void SettingsDialog::browseLora(QLineEdit* edit) {
  const QString file = QFileDialog::getOpenFileName(this, tr("Choose a LoRA file"), edit->text(),
                                                    tr("LoRA weights (*.safetensors);;All files (*)"));
  if (!file.isEmpty()) edit->setText(file);
}

void SettingsDialog::setMaxArea(qint64 pixels) {
  int i = maxArea_->findData(pixels);
  if (i < 0) {
    maxArea_->addItem(tr("%1 pixels (custom)").arg(pixels), pixels);
    i = maxArea_->count() - 1;
  }
  maxArea_->setCurrentIndex(i);
}

qint64 SettingsDialog::maxArea() const { return maxArea_->currentData().toLongLong(); }

}  // namespace ifedit::ui
