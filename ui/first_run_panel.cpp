#include "ui/first_run_panel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ifedit::ui {

FirstRunPanel::FirstRunPanel(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("firstRunPanel"));
  setAttribute(Qt::WA_StyledBackground, true);
  setStyleSheet(QStringLiteral("#firstRunPanel { background: #2b3440; border-bottom: 1px solid #1d232b; }"
                               "#firstRunPanel QLabel { color: #e6e9ee; }"));
  title_ = new QLabel(this);
  title_->setObjectName(QStringLiteral("firstRunTitle"));
  text_ = new QLabel(this);
  text_->setObjectName(QStringLiteral("firstRunText"));
  text_->setWordWrap(true);
  text_->setTextFormat(Qt::RichText);
  text_->setOpenExternalLinks(true);
  text_->setTextInteractionFlags(Qt::TextBrowserInteraction);
  downloadText_ = tr(
      "IF-Edit Studio edits a picture by letting the <b>Wan2.2-I2V-A14B</b> image-to-video model evolve it. "
      "Download the model (about 70 GB in bf16) from Hugging Face &mdash; "
      "<a href=\"https://huggingface.co/Wan-AI/Wan2.2-I2V-A14B\">Wan-AI/Wan2.2-I2V-A14B</a> "
      "(a folder with <tt>high_noise_model/</tt>, <tt>low_noise_model/</tt>, "
      "<tt>models_t5_umt5-xxl-enc-bf16.pth</tt>, <tt>Wan2.1_VAE.pth</tt> and <tt>google/umt5-xxl/</tt>), "
      "the Diffusers copy <tt>Wan-AI/Wan2.2-I2V-A14B-Diffusers</tt>, or ComfyUI&rsquo;s single files "
      "(fp8_scaled files are about half the size). For the fast 8-step recipe add the Wan2.2 Lightning "
      "I2V LoRA. Then point <b>Settings &rsaquo; Model folder</b> at that folder, or start "
      "<tt>ifedit --model FOLDER</tt>. It runs on an NVIDIA GPU: the whole model takes about 72 GiB of its memory, and the memory modes fit "
      "smaller cards by keeping weights in RAM or in FP8 (Settings &rsaquo; Model shows the plan for yours)."
      "<br>To try the editor first, use the <b>demo model</b>: tiny random weights with the real structure. "
      "It runs every step in seconds, but its pictures are noise, labelled <i>random-weight output</i>.");
  setFolderProblem({}, {});
  demo_ = new QPushButton(tr("Use the &Demo Model"), this);
  demo_->setObjectName(QStringLiteral("useDemoButton"));
  settings_ = new QPushButton(tr("Open &Settings\u2026"), this);
  settings_->setObjectName(QStringLiteral("firstRunSettingsButton"));
  auto* buttons = new QHBoxLayout;
  buttons->setContentsMargins(0, 0, 0, 0);
  buttons->addWidget(demo_);
  buttons->addWidget(settings_);
  buttons->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(12, 8, 12, 8);
  layout->addWidget(title_);
  layout->addWidget(text_);
  layout->addLayout(buttons);
  connect(demo_, &QPushButton::clicked, this, &FirstRunPanel::useDemoRequested);
  connect(settings_, &QPushButton::clicked, this, &FirstRunPanel::settingsRequested);
}

void FirstRunPanel::setFolderProblem(const QString& folder, const QString& problem) {
  // The link's own colour: the palette's blue is hard to read on this dark band.
  const QString linkStyle = QStringLiteral("<style>a { color: #8ec5ff; }</style>");
  const QString title = problem.isEmpty() ? tr("<b>No model weights configured yet</b>")
                                          : tr("<b>The model folder cannot be used</b>");
  QString text = linkStyle + downloadText_;
  if (!problem.isEmpty())
    text = linkStyle + tr("<tt>%1</tt>: %2").arg(folder.toHtmlEscaped(), problem.toHtmlEscaped()) +
           QStringLiteral("<br><br>") + downloadText_;
  if (title_->text() != title) title_->setText(title);
  if (text_->text() != text) text_->setText(text);
}

}  // namespace ifedit::ui
