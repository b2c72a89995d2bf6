#include "ui/compare_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <cmath>

#include "ui/canvas_view.h"

namespace ifedit::ui {

CompareBar::CompareBar(CanvasView* canvas, QWidget* parent) : QWidget(parent), canvas_(canvas) {
  setObjectName(QStringLiteral("compareBar"));
  slider_ = new QSlider(Qt::Horizontal, this);
  slider_->setObjectName(QStringLiteral("splitSlider"));
  slider_->setRange(0, kSteps);
  slider_->setSingleStep(kSteps / 100);  // an arrow key moves the line 1 %, Page Up/Down 10 %
  slider_->setPageStep(kSteps / 10);
  slider_->setAccessibleName(tr("Split between before and after"));
  slider_->setToolTip(tr("Move the line between before (left) and after (right)"));
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(8, 2, 8, 2);
  layout->addWidget(new QLabel(tr("Before"), this));
  layout->addWidget(slider_, 1);
  layout->addWidget(new QLabel(tr("After"), this));
  connect(slider_, &QSlider::valueChanged, this, [this](int v) { canvas_->setSplitPosition(double(v) / kSteps); });
  connect(canvas_, &CanvasView::splitPositionChanged, this, &CompareBar::sync);
  connect(canvas_, &CanvasView::compareChanged, this, [this] { setVisible(canvas_->isSplitCompare()); });
  sync();
  setVisible(canvas_->isSplitCompare());
}

void CompareBar::sync() {
  const QSignalBlocker block(slider_);
  slider_->setValue(int(std::lround(canvas_->splitPosition() * kSteps)));
}

}  // namespace ifedit::ui
