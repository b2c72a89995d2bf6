#pragma once
// Labels of form rows whose field is a group (a path with its Browse button, the seed's choices):
// QFormLayout binds a label to its field only when the field is one widget, so Alt+letter and a
// screen reader found nothing behind these labels.
class QFormLayout;

namespace ifedit::ui {

// Makes each row label without a buddy the buddy of the first widget in its field that takes
// keyboard focus.
void bindGroupedRowLabels(QFormLayout* form);

}  // namespace ifedit::ui
