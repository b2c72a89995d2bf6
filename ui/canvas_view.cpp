#include "ui/canvas_view.h"

#include "app/session/image_flatten.h"

#include <QAccessible>
#include <QGraphicsPixmapItem>
#include <QGraphicsScene>
#include <QKeySequence>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "app/session/edit_session.h"
#include "ui/session_connections.h"

namespace ifedit::ui {
namespace {

constexpr int kSplitGrabPixels = 6;

QString emptyCanvasHint() {
  return CanvasView::tr("Open an image (%1), paste one (%2) or drop one here")
      .arg(QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText),
           QKeySequence(QKeySequence::Paste).toString(QKeySequence::NativeText));
}

void drawPill(QPainter* p, const QRect& area, const QString& text, Qt::Alignment corner, const QColor& fill) {
  const QFontMetrics fm(p->font());
  const QSize size(fm.horizontalAdvance(text) + 16, fm.height() + 8);
  QRect box(QPoint(), size);
  const int margin = 10;
  box.moveLeft(corner & Qt::AlignRight ? area.right() - margin - size.width() : area.left() + margin);
  box.moveTop(corner & Qt::AlignBottom ? area.bottom() - margin - size.height() : area.top() + margin);
  p->setPen(Qt::NoPen);
  p->setBrush(fill);
  p->drawRoundedRect(box, 6, 6);
  p->setPen(Qt::white);
  p->drawText(box, Qt::AlignCenter, text);
}

}  // namespace

CanvasView::CanvasView(QWidget* parent) : QGraphicsView(parent) {
  setObjectName(QStringLiteral("canvas"));
  setAccessibleName(tr("Picture"));
  setScene(new QGraphicsScene(this));
  item_ = scene()->addPixmap(QPixmap());
  item_->setTransformationMode(Qt::SmoothTransformation);
  setDragMode(QGraphicsView::ScrollHandDrag);
  setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
  setResizeAnchor(QGraphicsView::AnchorViewCenter);
  // A neutral dark grey, the usual backdrop of image editors: it does not tint how colours read.
  setBackgroundBrush(QColor(0x32, 0x32, 0x32));
  setFrameShape(QFrame::NoFrame);
  setAlignment(Qt::AlignCenter);
  setMouseTracking(true);
  // Files dropped on the picture are for the main window to open, not for the scene.
  setAcceptDrops(false);
  viewport()->setAcceptDrops(false);
}

CanvasView::~CanvasView() = default;

void CanvasView::setSession(app::EditSession* session) {
  if (session_ == session) return;
  disconnectFromSession(session_, this);
  session_ = session;
  if (session_) {
    connect(session_, &app::EditSession::sourceChanged, this, &CanvasView::refresh);
    connect(session_, &app::EditSession::displayChanged, this, &CanvasView::refresh);
    connect(session_, &app::EditSession::modelStatusChanged, this, [this] {
      viewport()->update();
      describe();
    });
  }
  refresh();
}

bool CanvasView::hasImage() const { return !item_->pixmap().isNull(); }

QSize CanvasView::imageSize() const { return hasImage() ? frame_ : QSize(); }

double CanvasView::zoom() const { return transform().m11(); }

bool CanvasView::canCompare() const {
  return session_ && session_->hasSource() && session_->displayIsEngineOutput() && hasImage();
}

void CanvasView::zoomIn() { setZoom(zoom() * kZoomStep); }

void CanvasView::zoomOut() { setZoom(zoom() / kZoomStep); }

void CanvasView::fitToWindow() {
  fitMode_ = true;
  applyZoom(fitZoom());
  centerOn(item_);
}

// The engine's frames and result are at the working size, drawn over the source's rectangle:
// 100 % is one pixel of what is shown per screen pixel, not one source pixel.
void CanvasView::actualSize() { setZoom(shownScale()); }

double CanvasView::shownScale() const {
  if (shown_.isNull() || frame_.isEmpty() || shown_.width() >= frame_.width()) return 1.0;
  return double(shown_.width()) / frame_.width();
}

void CanvasView::setZoom(double zoom) {
  fitMode_ = false;
  // Buttons and shortcuts zoom about the centre; only the wheel zooms about the cursor.
  const ViewportAnchor anchor = transformationAnchor();
  setTransformationAnchor(QGraphicsView::AnchorViewCenter);
  applyZoom(zoom);
  setTransformationAnchor(anchor);
}

void CanvasView::setSplitCompare(bool on) {
  if (on == split_) return;
  split_ = on;
  viewport()->update();
  describe();
  Q_EMIT compareChanged();
}

void CanvasView::setSplitPosition(double position) {
  position = std::clamp(position, 0.0, 1.0);
  if (std::abs(position - splitPos_) < 1e-9) return;
  splitPos_ = position;
  viewport()->update();
  Q_EMIT splitPositionChanged(splitPos_);
}

void CanvasView::setShowBefore(bool on) {
  if (on == showBefore_) return;
  showBefore_ = on;
  viewport()->update();
  describe();
  Q_EMIT compareChanged();
}

void CanvasView::refresh() {
  const QImage source = session_ ? session_->sourceImage() : QImage();
  const QImage image = session_ ? session_->displayImage() : QImage();
  const QSize frame = !source.isNull() ? source.size() : image.size();
  // Another picture (even of the same size) is first seen whole.
  const bool newFrame = frame != frame_ || (!hasImage() && !image.isNull()) || source.cacheKey() != beforeKey_;
  frame_ = frame;
  if (image.cacheKey() != shown_.cacheKey() || image.isNull() != shown_.isNull()) {
    shown_ = image;
    // Shown as the engine sees it (on white): a transparent logo on the dark canvas would seem
    // to change background in the evolution, and the split compare would show through it.
    item_->setPixmap(image.isNull() ? QPixmap() : QPixmap::fromImage(app::flattenedOnWhite(image)));
    Q_EMIT shownImageChanged();
  }
  if (source.cacheKey() != beforeKey_) {
    beforeKey_ = source.cacheKey();
    before_ = source.isNull() ? QPixmap() : QPixmap::fromImage(app::flattenedOnWhite(source));
  }
  // Previews (latent size) and frames (working size) are drawn over the source's rectangle.
  if (!image.isNull() && !frame.isEmpty()) {
    item_->setTransform(QTransform::fromScale(double(frame.width()) / image.width(),
                                              double(frame.height()) / image.height()));
  } else {
    item_->setTransform(QTransform());
  }
  scene()->setSceneRect(frame.isEmpty() ? QRectF() : QRectF(QPointF(0, 0), QSizeF(frame)));
  if (!canCompare() && (split_ || showBefore_)) {
    split_ = showBefore_ = false;
    Q_EMIT compareChanged();
  }
  viewport()->update();
  if (!hasImage()) {
    fitMode_ = true;
    resetTransform();
    Q_EMIT zoomChanged(zoom());
  } else if (newFrame) {
    fitToWindow();  // a new picture is first seen whole
  }
  describe();
}

void CanvasView::describe() {
  QString text;
  if (!hasImage() || !session_) {
    text = emptyCanvasHint();
  } else {
    const QString caption = canCompare() && showBefore_ ? tr("Before (source)") : session_->displayCaption();
    text = tr("%1, %2 \u00d7 %3 pixels").arg(caption).arg(frame_.width()).arg(frame_.height());
    if (canCompare() && split_ && !showBefore_) text = tr("%1; split: before on the left, after on the right").arg(text);
    if (session_->displayIsEngineOutput() && session_->showsRandomWeightOutput() && !showBefore_)
      text += QStringLiteral(" \u2014 ") + tr("random-weight output");
  }
  if (accessibleDescription() == text) return;
  setAccessibleDescription(text);
  QAccessibleEvent changed(this, QAccessible::DescriptionChanged);
  QAccessible::updateAccessibility(&changed);
}

void CanvasView::wheelEvent(QWheelEvent* event) {
  if (!hasImage()) return QGraphicsView::wheelEvent(event);
  const int delta = event->angleDelta().y();
  if (delta == 0) return QGraphicsView::wheelEvent(event);
  fitMode_ = false;
  applyZoom(zoom() * std::pow(kZoomStep, delta / 120.0));  // 120 = one notch; touchpads send less
  event->accept();
}

void CanvasView::resizeEvent(QResizeEvent* event) {
  QGraphicsView::resizeEvent(event);
  if (fitMode_ && hasImage()) fitToWindow();
}

bool CanvasView::nearSplitLine(const QPoint& pos) const {
  if (!split_ || !canCompare()) return false;
  const int x = mapFromScene(QPointF(splitPos_ * frame_.width(), 0)).x();
  return std::abs(pos.x() - x) <= kSplitGrabPixels;
}

double CanvasView::splitFromViewport(const QPoint& pos) const {
  return frame_.width() > 0 ? mapToScene(pos).x() / frame_.width() : 0.5;
}

void CanvasView::mousePressEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton && nearSplitLine(event->position().toPoint())) {
    draggingSplit_ = true;
    event->accept();
    return;
  }
  QGraphicsView::mousePressEvent(event);
}

void CanvasView::mouseMoveEvent(QMouseEvent* event) {
  const QPoint pos = event->position().toPoint();
  if (draggingSplit_) {
    setSplitPosition(splitFromViewport(pos));
    event->accept();
    return;
  }
  if (!(event->buttons() & Qt::LeftButton))
    viewport()->setCursor(nearSplitLine(pos) ? Qt::SplitHCursor : Qt::OpenHandCursor);
  QGraphicsView::mouseMoveEvent(event);
}

void CanvasView::mouseReleaseEvent(QMouseEvent* event) {
  if (draggingSplit_ && event->button() == Qt::LeftButton) {
    draggingSplit_ = false;
    event->accept();
    return;
  }
  QGraphicsView::mouseReleaseEvent(event);
}

void CanvasView::drawForeground(QPainter* painter, const QRectF& rect) {
  QGraphicsView::drawForeground(painter, rect);
  drawFocusFrame(painter);
  if (!hasImage()) {
    painter->save();
    painter->resetTransform();  // text in viewport pixels, whatever the zoom
    painter->setPen(QColor(0xb0, 0xb0, 0xb0));
    QFont font = painter->font();
    font.setPointSizeF(font.pointSizeF() * 1.3);
    painter->setFont(font);
    painter->drawText(viewport()->rect(), Qt::AlignCenter | Qt::TextWordWrap, emptyCanvasHint());
    painter->restore();
    return;
  }
  // "Before" (the source) over the left part of the frame, in scene coordinates.
  if (canCompare() && !before_.isNull() && (split_ || showBefore_)) {
    const double w = frame_.width() * (showBefore_ ? 1.0 : splitPos_);
    const QRectF target(0, 0, w, frame_.height());
    const QRectF from(0, 0, before_.width() * (w / frame_.width()), before_.height());
    painter->save();
    painter->setRenderHint(QPainter::SmoothPixmapTransform, zoom() * devicePixelRatioF() <= 1.0);
    painter->drawPixmap(target, before_, from);
    painter->restore();
  }
  drawBadges(painter);
}

void CanvasView::drawFocusFrame(QPainter* painter) {
  if (!hasFocus()) return;  // a Tab stop (the arrow keys pan): where the focus is shows
  painter->save();
  painter->resetTransform();
  painter->setPen(QPen(palette().color(QPalette::Highlight), 2));
  painter->setBrush(Qt::NoBrush);
  painter->drawRect(QRectF(viewport()->rect()).adjusted(1, 1, -1, -1));
  painter->restore();
}

void CanvasView::focusInEvent(QFocusEvent* event) {
  QGraphicsView::focusInEvent(event);
  viewport()->update();
}

void CanvasView::focusOutEvent(QFocusEvent* event) {
  QGraphicsView::focusOutEvent(event);
  viewport()->update();
}

void CanvasView::drawBadges(QPainter* painter) {
  if (!session_) return;
  painter->save();
  painter->resetTransform();
  const QRect area = viewport()->rect();
  const bool engine = session_->displayIsEngineOutput();
  if (canCompare() && split_ && !showBefore_) {
    const int x = mapFromScene(QPointF(splitPos_ * frame_.width(), 0)).x();
    const QRect shown = mapFromScene(scene()->sceneRect()).boundingRect().intersected(area);
    painter->setPen(QPen(QColor(255, 255, 255, 220), 2));
    painter->drawLine(x, shown.top(), x, shown.bottom());
    painter->setBrush(QColor(255, 255, 255, 220));
    painter->drawEllipse(QPoint(x, shown.center().y()), 7, 7);
    drawPill(painter, area, tr("Before"), Qt::AlignTop | Qt::AlignLeft, QColor(0, 0, 0, 150));
    drawPill(painter, area, tr("After"), Qt::AlignTop | Qt::AlignRight, QColor(0, 0, 0, 150));
  } else if (canCompare() && showBefore_) {
    drawPill(painter, area, tr("Before (source)"), Qt::AlignTop | Qt::AlignLeft, QColor(0, 0, 0, 150));
  } else if (!session_->displayCaption().isEmpty() && engine) {
    drawPill(painter, area, session_->displayCaption(), Qt::AlignTop | Qt::AlignLeft, QColor(0, 0, 0, 150));
  }
  // The demo model's pictures are noise from random weights: never let one pass for an edit.
  if (engine && session_->showsRandomWeightOutput() && !showBefore_)
    drawPill(painter, area, tr("random-weight output"), Qt::AlignBottom | Qt::AlignRight, QColor(0xb0, 0x3a, 0x2e, 220));
  painter->restore();
}

void CanvasView::applyZoom(double zoom) {
  zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
  // Sharp pixels when magnified on the device (an editor shows what is there; at 100 % on a 2x
  // screen each pixel is magnified too), smooth when reduced.
  item_->setTransformationMode(zoom * devicePixelRatioF() > 1.0 ? Qt::FastTransformation : Qt::SmoothTransformation);
  const double factor = zoom / this->zoom();
  if (std::abs(factor - 1.0) > 1e-12) scale(factor, factor);
  Q_EMIT zoomChanged(this->zoom());
}

double CanvasView::fitZoom() const {
  const QSize image = imageSize();
  const QSize view = viewport()->size();
  if (image.isEmpty() || view.isEmpty()) return 1.0;
  // One pixel of slack, so rounding never brings up scroll bars that would shrink the viewport.
  return std::min(double(view.width() - 1) / image.width(), double(view.height() - 1) / image.height());
}

}  // namespace ifedit::ui
