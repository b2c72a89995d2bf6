#pragma once
// The edits of this session, newest last: what each started from, what was asked, the prompt and
// settings it ran with, and its result. Clicking one in the history panel revisits it; "use as
// source" chains edits, so an entry's source may be an earlier entry's result.
#include <QDateTime>
#include <QImage>
#include <QList>
#include <QObject>
#include <QString>
#include <memory>

#include "app/session/edit_parameters.h"
#include "app/session/evolution_timeline.h"

namespace ifedit::app {

struct EditRunData;  // the engine's records of the run (app-internal: reports and refinement)

struct HistoryEntry {
  int number = 0;          // 1-based, in the order the edits finished
  QDateTime finished;
  QImage source;
  QString sourcePath;      // empty for pasted images and chained results
  QString sourceName;      // file name, "Pasted image", "Result of edit 2"
  QString originalPath;    // the picture a chain of edits started from (== sourcePath unchained)
  QString originalName;    // its name (== sourceName unchained)
  QSize originalSize;
  QString instruction;
  QString prompt;
  QString promptSource;    // "vlm", "offline-template", "user"
  QString promptModel;
  EditParameters parameters;  // as used (after the engine's adjustments), seed included
  QImage result;
  QImage thumbnail;        // of the result
  bool refined = false;
  int chosenFrame = -1;
  bool randomWeights = false;  // made by the demo model: label as random-weight output
  bool exported = false;       // its result was exported (quitting does not lose it)
  QString modelIdentity;
  TimelineSnapshot timeline;
  std::shared_ptr<const EditRunData> run;

  // One line for lists: "2. make it night (seed 42, 33 frames, 8 steps)".
  QString title() const;
  QString settingsSummary() const;
};

class EditHistory : public QObject {
  Q_OBJECT
 public:
  static constexpr int kThumbnailSize = 72;

  explicit EditHistory(QObject* parent = nullptr);

  int count() const { return int(entries_.size()); }
  const HistoryEntry& at(int index) const { return entries_.at(index); }
  const QList<HistoryEntry>& entries() const { return entries_; }

  // Adds an entry (numbered, thumbnailed) and returns its index.
  int append(HistoryEntry entry);
  void markExported(int index);
  int unexportedCount() const;
  void clear();

 Q_SIGNALS:
  void entryAdded(int index);
  void cleared();

 private:
  QList<HistoryEntry> entries_;
  int nextNumber_ = 1;
};

}  // namespace ifedit::app
