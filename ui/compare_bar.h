#pragma once
// Under the canvas while the split compare is on: a slider that moves the line between "before"
// (the source, left) and "after" (the shown result or frame, right).
#include <QWidget>

class QSlider;

namespace ifedit::ui {

class CanvasView;

class CompareBar : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kSteps = 1000;

  explicit CompareBar(CanvasView* canvas, QWidget* parent = nullptr);
  QSlider* slider() const { return slider_; }

 private:
  void sync();

  CanvasView* canvas_;
  QSlider* slider_;
};

}  // namespace ifedit::ui
