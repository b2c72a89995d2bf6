#include "ui/page_scroll_area.h"

#include <QScrollBar>
#include <QTabWidget>
#include <algorithm>

namespace ifedit::ui {
namespace {

class PageScrollArea : public QScrollArea {
 public:
  QSize sizeHint() const override {
    if (!widget()) return QScrollArea::sizeHint();
    const int frame = 2 * frameWidth();
    return widget()->sizeHint() + QSize(frame + verticalScrollBar()->sizeHint().width(), frame);
  }
};

// The height `page` takes at `width`, word-wrapped labels included.
int heightAt(const QWidget* page, int width) {
  const int hinted = page->sizeHint().height();
  return page->hasHeightForWidth() ? std::max(hinted, page->heightForWidth(width)) : hinted;
}

}  // namespace

QScrollArea* scrollablePage(QWidget* page) {
  auto* area = new PageScrollArea;
  area->setObjectName(page->objectName().isEmpty() ? QString() : page->objectName() + QStringLiteral("Scroll"));
  area->setFrameShape(QFrame::NoFrame);
  area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  area->setWidgetResizable(true);
  area->setWidget(page);
  return area;
}

int pagesHeightShortfall(const QTabWidget* tabs) {
  // The pages share the current page's rectangle (a hidden page's own geometry may be stale).
  const auto* current = qobject_cast<const QScrollArea*>(tabs->currentWidget());
  if (!current) return 0;
  const QSize visible = current->viewport()->size();
  int shortfall = 0;
  for (int i = 0; i < tabs->count(); ++i)
    if (const auto* area = qobject_cast<const QScrollArea*>(tabs->widget(i)); area && area->widget())
      shortfall = std::max(shortfall, heightAt(area->widget(), visible.width()) - visible.height());
  return shortfall;
}

}  // namespace ifedit::ui
