#pragma once
// The picture in the middle of the window: zoom with the wheel (about the cursor), pan by dragging,
// fit the window or show pixels 1:1. It draws what the session says to show (the source, a
// preview, an evolution frame or the result) and sends no intents. Every image is drawn over the
// source's rectangle, so zoom and pan stay put while previews and frames replace each other.
// Compare: a split view (before left of the line, after right; drag the line or use the slider)
// or the whole "before" while toggled.
#include <QGraphicsView>
#include <QPointer>

#include "app/session/edit_session.h"

class QGraphicsPixmapItem;

namespace ifedit::ui {

class CanvasView : public QGraphicsView {
  Q_OBJECT

 public:
  static constexpr double kMinZoom = 1.0 / 64;
  static constexpr double kMaxZoom = 64.0;
  static constexpr double kZoomStep = 1.25;  // one wheel notch or one Zoom In/Out

  explicit CanvasView(QWidget* parent = nullptr);
  ~CanvasView() override;

  // Re-binds to `session` (disconnecting the previous one) and shows its current image.
  void setSession(app::EditSession* session);
  app::EditSession* session() const { return session_; }

  bool hasImage() const;
  QSize imageSize() const;  // pixels of the frame (the source's size); empty without one
  QImage shownImage() const { return shown_; }  // what is drawn now (before scaling)
  // Shown pixels per source pixel: below 1 while engine output (at the working size) is shown.
  double shownScale() const;
  double zoom() const;      // 1.0 = one image pixel per device-independent pixel
  bool isFitMode() const { return fitMode_; }

  // Compare before/after: only meaningful while the session shows engine output.
  bool canCompare() const;
  bool isSplitCompare() const { return split_; }
  double splitPosition() const { return splitPos_; }  // 0..1 of the width shows "before"
  bool isShowingBefore() const { return showBefore_; }

 public Q_SLOTS:
  void zoomIn();
  void zoomOut();
  void fitToWindow();  // stays fitted while the window resizes, until the user zooms
  void actualSize();
  void setZoom(double zoom);
  void setSplitCompare(bool on);
  void setSplitPosition(double position);
  void setShowBefore(bool on);

 Q_SIGNALS:
  void zoomChanged(double zoom);
  void splitPositionChanged(double position);
  void compareChanged();
  void shownImageChanged();  // another picture (source, frame, preview or result) is drawn

 protected:
  void wheelEvent(QWheelEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void drawForeground(QPainter* painter, const QRectF& rect) override;
  void focusInEvent(QFocusEvent* event) override;
  void focusOutEvent(QFocusEvent* event) override;

 private:
  void refresh();
  void applyZoom(double zoom);
  double fitZoom() const;
  bool nearSplitLine(const QPoint& viewportPos) const;
  double splitFromViewport(const QPoint& viewportPos) const;
  void drawBadges(QPainter* painter);
  void drawFocusFrame(QPainter* painter);
  // What is shown, for screen readers: the picture's caption and size, the compare mode.
  void describe();

  QPointer<app::EditSession> session_;
  QGraphicsPixmapItem* item_ = nullptr;  // owned by the scene
  QImage shown_;
  QPixmap before_;
  qint64 beforeKey_ = 0;
  QSize frame_;  // the scene rectangle every image is drawn over
  bool fitMode_ = true;
  bool split_ = false;
  bool showBefore_ = false;
  double splitPos_ = 0.5;
  bool draggingSplit_ = false;
};

}  // namespace ifedit::ui
