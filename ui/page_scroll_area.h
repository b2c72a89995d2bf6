#pragma once
// Dialog pages that scroll instead of drawing rows over one another. A form's minimum height
// ignores how tall its word-wrapped notes get at the width it is given, so a dialog shorter
// than that squeezed the rows together (the Settings' Model tab on first start).
#include <QScrollArea>

class QTabWidget;

namespace ifedit::ui {

// `page` in a frameless, vertically scrolling area whose size hint is the page's own (a plain
// QScrollArea caps its hint at a few hundred pixels, which would shrink the dialog).
QScrollArea* scrollablePage(QWidget* page);

// How many pixels the tallest page of `tabs` (each a scrollablePage) needs beyond its visible
// height at the current width: what a dialog grows by when it first shows.
int pagesHeightShortfall(const QTabWidget* tabs);

}  // namespace ifedit::ui
