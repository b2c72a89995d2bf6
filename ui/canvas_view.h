#pragma once
// The picture in the middle of the window: zoom with the wheel (about the cursor), pan by dragging,
// fit the window or show pixels 1:1. It draws what the session holds and sends no intents.
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
  QSize imageSize() const;  // pixels of the shown image; empty without one
  double zoom() const;      // 1.0 = one image pixel per device-independent pixel
  bool isFitMode() const { return fitMode_; }

 public Q_SLOTS:
  void zoomIn();
  void zoomOut();
  void fitToWindow();  // stays fitted while the window resizes, until the user zooms
  void actualSize();
  void setZoom(double zoom);

 Q_SIGNALS:
  void zoomChanged(double zoom);

 protected:
  void wheelEvent(QWheelEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void drawForeground(QPainter* painter, const QRectF& rect) override;

 private:
  void showImage(const QImage& image);
  void applyZoom(double zoom);
  double fitZoom() const;

  QPointer<app::EditSession> session_;
  QGraphicsPixmapItem* item_ = nullptr;  // owned by the scene
  bool fitMode_ = true;
};

}  // namespace ifedit::ui
