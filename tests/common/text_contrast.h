#pragma once
// How well text reads against what it is drawn on, measured on the widget's pixels as the user
// sees them: the WCAG contrast ratio (1 to 21; 4.5 is the floor for normal text) between the
// background (the commonest colour) and the pixel furthest from it in luminance (the glyph stems).
#include <QColor>
#include <QHash>
#include <QImage>
#include <QWidget>
#include <algorithm>
#include <cmath>

namespace ifedit::testui {

inline double relativeLuminance(QRgb rgb) {
  const auto channel = [](int c) {
    const double v = c / 255.0;
    return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * channel(qRed(rgb)) + 0.7152 * channel(qGreen(rgb)) + 0.0722 * channel(qBlue(rgb));
}

inline double contrastRatio(QRgb a, QRgb b) {
  const double la = relativeLuminance(a), lb = relativeLuminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// The contrast of the text `widget` draws (a label, say), grabbed with what its parent paints
// behind it (a label paints no background of its own).
inline double textContrast(QWidget* widget) {
  QWidget* parent = widget->parentWidget() ? widget->parentWidget() : widget;
  const QRect area = parent == widget ? widget->rect() : widget->geometry();
  const QImage image = parent->grab(area).toImage().convertToFormat(QImage::Format_RGB32);
  QHash<QRgb, int> counts;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) ++counts[image.pixel(x, y)];
  QRgb background = 0;
  int most = -1;
  for (auto it = counts.cbegin(); it != counts.cend(); ++it)
    if (it.value() > most) most = it.value(), background = it.key();
  double best = 1.0;
  for (auto it = counts.cbegin(); it != counts.cend(); ++it) best = std::max(best, contrastRatio(it.key(), background));
  return best;
}

}  // namespace ifedit::testui
