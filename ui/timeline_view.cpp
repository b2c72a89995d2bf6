#include "ui/timeline_view.h"

#include <QAccessible>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPainter>
#include <QScrollArea>
#include <QScrollBar>
#include <QSlider>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWheelEvent>

#include "app/session/evolution_timeline.h"
#include "ui/action_icons.h"
#include "ui/elided_label.h"
#include "ui/session_connections.h"

namespace ifedit::ui {
namespace {

constexpr int kGap = 6;
constexpr int kLabelHeight = 16;
// The label starts below the dashed outline of the frame in view (2 pixels under the tile), which
// cut through its top when it started right under the tile.
constexpr int kLabelDrop = 4;
const QColor kChosen(0x3d, 0x9b, 0xe9);  // the frame refinement starts from
const QColor kPick(0xf2, 0xc1, 0x2e);    // the engine's sharpest candidate

}  // namespace

// The row of tiles inside the scroll area: painted, never a widget per frame (33+ frames at 16 fps
// must repaint cheaply).
class TimelineStrip : public QWidget {
 public:
  explicit TimelineStrip(TimelineView* view) : QWidget(view), view_(view) {
    setObjectName(QStringLiteral("timelineStrip"));
    setMouseTracking(true);
  }

  // The width of a picture in the strip: the source's aspect at the tile height.
  int imageWidth() const {
    const auto* s = view_->session();
    const QSize src = s && s->hasSource() ? s->sourceImage().size() : QSize(16, 9);
    const int w = src.height() > 0 ? TimelineView::kTileHeight * src.width() / src.height() : TimelineView::kTileHeight;
    return qBound(36, w, 200);
  }
  // Tiles in order: previews (steps) or frames, then the result.
  int count() const {
    const auto* s = view_->session();
    if (!s) return 0;
    const auto* t = s->timeline();
    if (view_->isShowingPreviews()) return t->previewTotal();
    return t->frameCount() + (s->hasResult() && s->state() == app::EditSession::State::Done ? 1 : 0);
  }
  QRect tileRect(int i) const {
    if (i < 0 || i >= int(lefts_.size())) return {};
    return QRect(lefts_[i], kGap, widths_[i], TimelineView::kTileHeight);
  }
  // Where the picture of tile `i` is drawn: centred in a tile its label made wider.
  QRect imageRect(int i) const {
    const QRect r = tileRect(i);
    const int w = qMin(imageWidth(), r.width());
    return QRect(r.left() + (r.width() - w) / 2, r.top(), w, r.height());
  }
  int tileAt(const QPoint& p) const {
    for (int i = 0; i < count(); ++i)
      if (tileRect(i).adjusted(-kGap / 2, 0, kGap / 2, kLabelDrop + kLabelHeight).contains(p)) return i;
    return -1;
  }
  QSize sizeHint() const override {
    const int width = lefts_.isEmpty() ? kGap + imageWidth() + kGap : lefts_.last() + widths_.last() + kGap;
    return QSize(width, TimelineView::kTileHeight + kLabelHeight + 2 * kGap);
  }
  // Each tile is as wide as its picture, or as its label where that is wider (a portrait picture's
  // "10 · 5361", a translated "result"): the labels never run into each other.
  void relayout() {
    const int n = count(), image = imageWidth();
    lefts_.resize(n);
    widths_.resize(n);
    int x = kGap;
    for (int i = 0; i < n; ++i) {
      widths_[i] = qMax(image, QFontMetrics(labelFont(i)).horizontalAdvance(label(i)) + 2);
      lefts_[i] = x;
      x += widths_[i] + kGap;
    }
    setFixedSize(sizeHint());
    update();
  }

 protected:
  void mousePressEvent(QMouseEvent* e) override {
    if (e->button() != Qt::LeftButton) return QWidget::mousePressEvent(e);
    const int tile = tileAt(e->position().toPoint());
    if (tile >= 0) view_->tileClicked(tile);
    view_->setFocus(Qt::MouseFocusReason);
  }

  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    const auto* s = view_->session();
    if (!s) return;
    const auto* t = s->timeline();
    const bool previews = view_->isShowingPreviews();
    const int current = view_->currentFrame();
    const bool done = s->state() == app::EditSession::State::Done;
    const QFont small = smallFont();
    p.setFont(small);
    for (int i = 0; i < count(); ++i) {
      const QRect r = tileRect(i);
      const bool resultTile = !previews && i == t->frameCount();
      QImage image = previews ? t->preview(i) : resultTile ? s->resultImage() : t->thumbnail(i);
      p.fillRect(r, QColor(0x24, 0x24, 0x24));
      if (!image.isNull()) {
        p.drawImage(imageRect(i), image);
      } else {
        p.setPen(QColor(0x70, 0x70, 0x70));
        p.drawText(r, Qt::AlignCenter, QStringLiteral("\u2026"));
      }
      // Labels under the tile: the frame number, and the sharpness for candidates. They sit on the
      // window's background, not on the dark tiles: candidates in the palette's text colour and
      // bold, the other frames in its muted one.
      const QRect labelRect(r.left() - 2, r.bottom() + kLabelDrop, r.width() + 4, kLabelHeight);
      const bool candidateLabel = t->isCandidate(i) && !previews;
      p.setFont(labelFont(i));
      p.setPen(palette().color(candidateLabel ? QPalette::WindowText : QPalette::PlaceholderText));
      p.drawText(labelRect, Qt::AlignCenter, label(i));
      p.setFont(small);
      if (previews) continue;
      if (t->isCandidate(i) && !resultTile) {  // a thin bar marks the candidates
        p.fillRect(QRect(r.left(), r.bottom() - 2, r.width(), 3), QColor(0xe0, 0xe0, 0xe0, 160));
      }
      const bool viewed = resultTile ? (done && current < 0) : i == current;
      if (!resultTile && i == t->chosen()) {
        p.setPen(QPen(kChosen, 3));
        p.setBrush(Qt::NoBrush);
        p.drawRect(r.adjusted(1, 1, -2, -2));
      }
      if (viewed) {  // outside the tile, on the window's background: in its text colour
        p.setPen(QPen(palette().color(QPalette::WindowText), 1, Qt::DashLine));
        p.setBrush(Qt::NoBrush);
        p.drawRect(r.adjusted(-3, -3, 2, 2));
      }
      if (!resultTile && i == t->pick()) {
        const QRect star(r.right() - 17, r.top() + 2, 16, 16);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0, 0, 0, 140));
        p.drawEllipse(star);
        p.setPen(kPick);
        p.drawText(star, Qt::AlignCenter, QStringLiteral("\u2605"));
      }
    }
  }

 private:
  QFont smallFont() const {
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    return small;
  }
  QFont labelFont(int i) const {
    QFont f = smallFont();
    f.setBold(!view_->isShowingPreviews() && view_->session()->timeline()->isCandidate(i));
    return f;
  }
  QString label(int i) const {
    const auto* s = view_->session();
    const auto* t = s->timeline();
    if (view_->isShowingPreviews()) return TimelineView::tr("step %1").arg(i + 1);
    if (i == t->frameCount()) return s->resultRefined() ? TimelineView::tr("result") : TimelineView::tr("result (unrefined)");
    if (t->hasScore(i)) return TimelineView::tr("%1 \u00b7 %2").arg(i).arg(t->score(i), 0, 'f', 0);
    return QString::number(i);
  }

  TimelineView* view_;
  QList<int> lefts_, widths_;  // of each tile, set by relayout()
};

TimelineView::TimelineView(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("timeline"));
  setAccessibleName(tr("Evolution timeline"));
  setFocusPolicy(Qt::StrongFocus);

  title_ = new QLabel(this);
  title_->setObjectName(QStringLiteral("timelineTitle"));
  info_ = new ElidedLabel(this);
  info_->setObjectName(QStringLiteral("timelineInfo"));

  strip_ = new TimelineStrip(this);
  scroll_ = new QScrollArea(this);
  scroll_->setWidget(strip_);
  scroll_->setWidgetResizable(false);
  scroll_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll_->setFrameShape(QFrame::NoFrame);
  scroll_->setFocusPolicy(Qt::NoFocus);
  scroll_->setFixedHeight(kTileHeight + kLabelHeight + 2 * kGap + scroll_->horizontalScrollBar()->sizeHint().height());

  playButton_ = new QToolButton(this);
  playButton_->setObjectName(QStringLiteral("playButton"));
  playButton_->setAccessibleName(tr("Play or pause the evolution"));
  playButton_->setCheckable(true);
  playButton_->setIcon(themedIcon(QStringLiteral("media-play")));
  playButton_->setToolTip(tr("Play the evolution at %1 frames per second (Space)").arg(kFramesPerSecond));
  playButton_->setFocusPolicy(Qt::NoFocus);
  slider_ = new QSlider(Qt::Horizontal, this);
  slider_->setObjectName(QStringLiteral("timelineSlider"));
  slider_->setAccessibleName(tr("Evolution frame"));
  slider_->setFocusPolicy(Qt::NoFocus);  // arrow keys belong to the timeline itself
  slider_->setPageStep(kPageFrames);

  playTimer_ = new QTimer(this);
  playTimer_->setInterval(1000 / kFramesPerSecond);
  playTimer_->setTimerType(Qt::PreciseTimer);
  connect(playTimer_, &QTimer::timeout, this, &TimelineView::advancePlayback);
  connect(playButton_, &QToolButton::toggled, this, [this](bool on) { on ? play() : pause(); });
  connect(slider_, &QSlider::valueChanged, this, [this](int value) {
    if (syncing_ || !session_) return;
    pause();
    const int frames = session_->timeline()->frameCount();
    const int wanted = value >= frames ? -1 : value;
    session_->setViewedFrame(wanted);
    if (session_->viewedFrame() != wanted) syncSlider();  // a slot still empty: back to what is shown
  });

  auto* head = new QHBoxLayout;
  head->setContentsMargins(0, 0, 0, 0);
  head->setSpacing(12);  // the title and a shortened status line stay apart
  head->addWidget(title_);
  head->addStretch(1);
  head->addWidget(info_);
  auto* controls = new QHBoxLayout;
  controls->setContentsMargins(0, 0, 0, 0);
  controls->addWidget(playButton_);
  controls->addWidget(slider_, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 4, 6, 4);
  layout->setSpacing(2);
  layout->addLayout(head);
  layout->addWidget(scroll_);
  layout->addLayout(controls);
  rebuild();
}

TimelineView::~TimelineView() = default;

void TimelineView::setSession(app::EditSession* session) {
  if (session_ == session) return;
  disconnectFromSession(session_, this);
  session_ = session;
  if (session_) {
    auto* t = session_->timeline();
    connect(t, &app::EvolutionTimeline::cleared, this, &TimelineView::rebuild);
    connect(t, &app::EvolutionTimeline::previewAdded, this, &TimelineView::rebuild);
    connect(t, &app::EvolutionTimeline::framesChanged, this, &TimelineView::rebuild);
    connect(t, &app::EvolutionTimeline::scoresChanged, this, &TimelineView::rebuild);
    connect(t, &app::EvolutionTimeline::chosenChanged, this, &TimelineView::rebuild);
    connect(session_, &app::EditSession::displayChanged, this, &TimelineView::rebuild);
    connect(session_, &app::EditSession::stateChanged, this, &TimelineView::rebuild);
    connect(session_, &app::EditSession::resultChanged, this, &TimelineView::rebuild);
    // A run starting or another edit shown ends playback: it would hide the refinement and the
    // result behind cycling frames.
    connect(session_, &app::EditSession::stateChanged, this, &TimelineView::pause);
    connect(session_, &app::EditSession::resultChanged, this, &TimelineView::pause);
    connect(session_, &app::EditSession::modelStatusChanged, this, &TimelineView::updateInfo);
  }
  rebuild();
}

bool TimelineView::isShowingPreviews() const {
  return session_ && session_->timeline()->arrivedFrames() == 0 && session_->timeline()->previewCount() > 0;
}

int TimelineView::tileCount() const { return strip_->count(); }

QRect TimelineView::frameTileRect(int frame) const {
  if (!session_ || isShowingPreviews()) return {};
  const int frames = session_->timeline()->frameCount();
  const int tile = frame == kResultTile ? frames : frame;
  if (tile < 0 || tile >= strip_->count()) return {};
  return strip_->tileRect(tile);
}

QWidget* TimelineView::strip() const { return strip_; }

bool TimelineView::isPlaying() const { return playTimer_->isActive(); }

int TimelineView::currentFrame() const {
  if (!session_) return -1;
  if (session_->viewedFrame() >= 0) return session_->viewedFrame();
  switch (session_->state()) {
    case app::EditSession::State::Picking:
    case app::EditSession::State::Refining: return session_->timeline()->chosen();
    default: return -1;
  }
}

void TimelineView::play() {
  if (!session_ || session_->timeline()->arrivedFrames() < 2) {
    playButton_->setChecked(false);
    return;
  }
  playTimer_->start();
  playButton_->setChecked(true);
  playButton_->setIcon(themedIcon(QStringLiteral("media-pause")));
}

void TimelineView::pause() {
  playTimer_->stop();
  playButton_->setChecked(false);
  playButton_->setIcon(themedIcon(QStringLiteral("media-play")));
}

void TimelineView::togglePlay() { isPlaying() ? pause() : play(); }

void TimelineView::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  if (event->type() == QEvent::PaletteChange)
    playButton_->setIcon(themedIcon(isPlaying() ? QStringLiteral("media-pause") : QStringLiteral("media-play")));
}

void TimelineView::advancePlayback() {
  if (!session_) return pause();
  const auto* t = session_->timeline();
  if (t->arrivedFrames() < 2) return pause();
  int next = currentFrame();
  // Loop over the decoded frames, skipping slots still empty.
  for (int tries = 0; tries < t->frameCount(); ++tries) {
    next = (next + 1) % t->frameCount();
    if (t->hasFrame(next)) break;
  }
  session_->setViewedFrame(next);
}

void TimelineView::stepFrame(int delta) {
  if (!session_) return;
  pause();  // the user scrubs: playback would take the frame away at its next tick
  const auto* t = session_->timeline();
  const int frames = t->frameCount();
  if (frames == 0) return;
  if (session_->state() == app::EditSession::State::Evolving) {
    // Frames still arrive: scrub among those decoded; past the newest one the canvas follows
    // the new frames again (as before any scrubbing).
    int newest = frames - 1;
    while (newest >= 0 && !t->hasFrame(newest)) --newest;
    if (newest < 0) return;
    const int pos = currentFrame() < 0 ? newest : currentFrame();
    int target = qBound(0, pos + delta, newest);
    while (target > 0 && target < newest && !t->hasFrame(target)) target += delta > 0 ? 1 : -1;
    session_->setViewedFrame(delta > 0 && target >= newest ? -1 : target);
    return;
  }
  const bool result = session_->hasResult() && session_->state() == app::EditSession::State::Done;
  // Positions 0..frames-1 are frames, `frames` is the result tile.
  int pos = currentFrame();
  if (pos < 0) pos = result ? frames : (session_->state() == app::EditSession::State::Evolving ? frames - 1 : 0);
  const int last = result ? frames : frames - 1;
  int target = qBound(0, pos + delta, last);
  while (target < frames && target > 0 && !t->hasFrame(target)) target += delta > 0 ? 1 : -1;
  target = qBound(0, target, last);
  if (target < frames && !t->hasFrame(target)) return;
  session_->setViewedFrame(target >= frames ? -1 : target);
}

void TimelineView::chooseViewedFrame() {
  if (session_ && session_->viewedFrame() >= 0) session_->chooseFrame(session_->viewedFrame());
}

void TimelineView::tileClicked(int tile) {
  if (!session_ || isShowingPreviews()) return;
  const int frames = session_->timeline()->frameCount();
  pause();
  if (tile >= frames) {  // the result tile
    session_->setViewedFrame(-1);
    return;
  }
  if (!session_->timeline()->hasFrame(tile)) return;
  // A click chooses the frame (overriding the pick) once the candidates are scored; while frames
  // still arrive it only shows it.
  if (!session_->chooseFrame(tile)) session_->setViewedFrame(tile);
}

void TimelineView::keyPressEvent(QKeyEvent* event) {
  switch (event->key()) {
    case Qt::Key_Left: stepFrame(-1); break;
    case Qt::Key_Right: stepFrame(1); break;
    case Qt::Key_PageUp: stepFrame(-kPageFrames); break;
    case Qt::Key_PageDown: stepFrame(kPageFrames); break;
    case Qt::Key_Home: stepFrame(-100000); break;
    case Qt::Key_End: stepFrame(100000); break;
    case Qt::Key_Space: togglePlay(); break;
    case Qt::Key_Return:
    case Qt::Key_Enter: chooseViewedFrame(); break;
    default: return QWidget::keyPressEvent(event);
  }
  event->accept();
}

void TimelineView::wheelEvent(QWheelEvent* event) {
  const int delta = event->angleDelta().y() != 0 ? event->angleDelta().y() : event->angleDelta().x();
  if (delta == 0) return QWidget::wheelEvent(event);
  stepFrame(delta > 0 ? -1 : 1);
  event->accept();
}

void TimelineView::paintEvent(QPaintEvent* event) {
  QWidget::paintEvent(event);
  if (!hasFocus()) return;
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  p.setPen(QPen(palette().color(QPalette::Highlight), 2));
  p.setBrush(Qt::NoBrush);
  p.drawRoundedRect(QRectF(rect()).adjusted(1, 1, -1, -1), 3, 3);
}

void TimelineView::focusInEvent(QFocusEvent* event) {
  QWidget::focusInEvent(event);
  update();
}

void TimelineView::focusOutEvent(QFocusEvent* event) {
  QWidget::focusOutEvent(event);
  update();
}

void TimelineView::rebuild() {
  strip_->relayout();
  syncSlider();
  updateInfo();
  const int frame = currentFrame();
  const bool showingResult = frame < 0 && session_ && session_->hasResult() &&
                             session_->state() == app::EditSession::State::Done;
  const QRect r = frame >= 0 ? frameTileRect(frame) : showingResult ? frameTileRect(kResultTile) : QRect();
  if (!r.isEmpty()) scroll_->ensureVisible(r.center().x(), r.center().y(), r.width(), 0);
  else if (isShowingPreviews() || (session_ && session_->state() == app::EditSession::State::Evolving))
    scroll_->horizontalScrollBar()->setValue(scroll_->horizontalScrollBar()->maximum());
  if (isPlaying() && (!session_ || session_->timeline()->arrivedFrames() < 2)) pause();
}

void TimelineView::syncSlider() {
  syncing_ = true;
  const auto* t = session_ ? session_->timeline() : nullptr;
  const int frames = t ? t->frameCount() : 0;
  const bool result = session_ && session_->hasResult() && session_->state() == app::EditSession::State::Done;
  const bool usable = t && !isShowingPreviews() && t->arrivedFrames() > 0;
  slider_->setEnabled(usable);
  playButton_->setEnabled(usable && t->arrivedFrames() > 1);
  slider_->setRange(0, qMax(0, frames - 1 + (result ? 1 : 0)));
  const int frame = currentFrame();
  slider_->setValue(frame >= 0 ? frame : (result ? frames : qMax(0, frames - 1)));
  syncing_ = false;
}

void TimelineView::updateInfo() {
  if (!session_) {
    title_->clear();
    info_->clear();
    return;
  }
  const auto* t = session_->timeline();
  QString title = tr("Evolution");
  if (session_->showsRandomWeightOutput() && (t->previewCount() > 0 || t->arrivedFrames() > 0))
    title += tr(" \u2014 random-weight output");
  title_->setText(title);
  QString info;
  if (isShowingPreviews()) {
    info = tr("step previews %1/%2 (decoded frames follow)").arg(t->previewCount()).arg(t->previewTotal());
  } else if (t->frameCount() > 0 && t->arrivedFrames() > 0) {
    const int frame = currentFrame();
    if (frame >= 0) {
      info = tr("frame %1 / %2").arg(frame).arg(t->frameCount() - 1);
      if (t->hasScore(frame)) info += tr(" \u00b7 candidate, sharpness %1").arg(t->score(frame), 0, 'f', 1);
      if (frame == t->pick()) info += tr(" \u00b7 \u2605 pick");
      if (frame == t->chosen()) info += t->isOverridden() ? tr(" \u00b7 chosen (overrides the pick)") : tr(" \u00b7 chosen");
    } else if (session_->state() == app::EditSession::State::Done) {
      info = tr("result");
    } else {
      info = tr("%1 of %2 frames decoded").arg(t->arrivedFrames()).arg(t->frameCount());
    }
    if (t->pick() >= 0 && session_->state() == app::EditSession::State::Picking)
      info += tr("  \u2014  click a frame to choose it, then Refine");
  } else {
    info = session_->hasSource() ? tr("the evolution appears here when an edit runs") : QString();
  }
  info_->setText(info);
  // A screen reader hears the frame in view with the timeline's name, as the line shows it.
  if (accessibleDescription() != info) {
    setAccessibleDescription(info);
    QAccessibleEvent changed(this, QAccessible::DescriptionChanged);
    QAccessible::updateAccessibility(&changed);
  }
}

}  // namespace ifedit::ui
