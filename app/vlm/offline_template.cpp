#include "app/vlm/offline_template.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>

namespace ifedit::app {
namespace {

using RE = QRegularExpression;
constexpr auto kCI = RE::CaseInsensitiveOption;

const QString kBaseColour =
    QStringLiteral("(?:red|orange|yellow|green|blue|purple|violet|pink|brown|black|white|gray|grey|gold|golden|"
                   "silver|teal|cyan|turquoise|magenta|beige|navy|maroon|crimson|lavender|ivory|cream|"
                   "burgundy|indigo|scarlet|emerald|amber|copper|bronze|khaki|coral|mint|lilac|tan)");
const QString kColour =
    QStringLiteral("(?:(?:light|dark|bright|pale|deep|vivid|pastel|neon|soft|hot|royal|navy|sky|lime|olive|"
                   "forest|baby|electric|metallic)[ -])?") +
    kBaseColour;

const QString kStyleWords =
    QStringLiteral("\\b(?:style|styled|painting|painted|watercolou?r|sketch|drawing|cartoon|anime|manga|"
                   "comic|pixel art|illustration|oil paint|impressionis\\w*|cubis\\w*|pop art|ukiyo-e|"
                   "ghibli|van gogh|monet|picasso|claymation|lego|low[- ]poly|3d render|cyberpunk|"
                   "steampunk|vintage photo|black[- ]and[- ]white|sepia|noir|pencil|charcoal|"
                   "pastel drawing|mosaic|stained glass|origami|woodcut|engraving)\\b");

QString cleanInstruction(QString text) {
  text = text.simplified();
  static const RE polite(QStringLiteral("^(?:please|kindly|can you|could you|would you|i want to|i'd like to|"
                                        "i would like to|let's|lets)\\s+"),
                         kCI);
  static const RE trailingPolite(QStringLiteral("[,\\s]*please$"), kCI);
  for (int i = 0; i < 3; ++i) text.remove(polite);
  text.remove(trailingPolite);
  while (!text.isEmpty() && QStringLiteral(".!?;, ").contains(text.back())) text.chop(1);
  return text.trimmed();
}

QString capitalized(QString s) {
  if (!s.isEmpty()) s[0] = s[0].toUpper();
  return s;
}

// A noun phrase cut out of the instruction, without trailing punctuation.
QString phrase(QString s) {
  s = s.trimmed();
  while (!s.isEmpty() && QStringLiteral(".!?;,").contains(s.back())) s.chop(1);
  return s;
}

// "the cup begins" / "the sunglasses begin": a crude number guess from determiner and head noun.
bool looksPlural(const QString& np) {
  const QString lower = np.toLower().trimmed();
  static const RE singular(QStringLiteral("^(?:a|an|one|this|that|each|every)\\s"));
  static const RE plural(QStringLiteral("^(?:these|those|some|two|three|four|five|several|many|all)\\s"));
  QString head = lower;
  // "the man with glasses": the head noun comes before the first preposition.
  static const RE prep(QStringLiteral("\\s(?:with|of|on|in|from|at|near|behind|under|next)\\s"));
  if (const auto m = prep.match(lower); m.hasMatch()) head = lower.left(m.capturedStart());
  // "the cat and the dog", "a hat and a scarf": two things are plural; "a black and white cat"
  // is one (what follows "and" must start a second noun phrase).
  static const RE coordinated(QStringLiteral(
      "\\band\\s+(?:a|an|the|my|his|her|their|its|our|your|some|two|three|this|that|these|those)\\s"));
  if (head.contains(coordinated)) return true;
  if (lower.contains(singular)) return false;
  if (lower.contains(plural)) return true;
  head = head.section(QLatin1Char(' '), -1);
  static const QStringList irregular = {QStringLiteral("people"), QStringLiteral("children"), QStringLiteral("men"),
                                        QStringLiteral("women"),  QStringLiteral("feet"),     QStringLiteral("teeth"),
                                        QStringLiteral("mice"),   QStringLiteral("geese"),    QStringLiteral("clothes")};
  if (irregular.contains(head)) return true;
  return head.endsWith(QLatin1Char('s')) && !head.endsWith(QLatin1String("ss")) &&
         !head.endsWith(QLatin1String("us")) && !head.endsWith(QLatin1String("is"));
}

QString verb(const QString& subject, const char* singular, const char* plural) {
  return QLatin1String(looksPlural(subject) ? plural : singular);
}

const QString kOpening = QStringLiteral("The camera stays fixed on the scene exactly as it is.");

// What the last sentence promises to keep, minus what the instruction itself changes: "make the
// background a beach" must not end in "the background stays unchanged", nor "make it night" in
// "the lighting stays unchanged" ("light", "dark" and "bright" may only be shades of a colour).
// The interface speaks German and Chinese, so instructions come in them too: the words of those
// languages for the same things (Chinese has no word boundaries, so its words stand alone).
QString unchanged(const QStringList& keep, const QString& instruction) {
  static const RE background(QStringLiteral("\\b(?:background|backdrop|scenery|surroundings|setting|sky|skies|"
                                            "hintergr\\w*|himmel\\w*|kulisse\\w*|umgebung\\w*|szenerie)\\b|"
                                            "背景|天空|场景|环境|布景"),
                             kCI);
  static const RE light(QStringLiteral("\\b(?:light(?![ -]") + kBaseColour +
                            QStringLiteral(")\\w*|lit|night\\w*|day\\w*|sunset|sunrise|dusk|dawn|evening|morning|shadows?|"
                                           "dark(?:er|en\\w*|ness)|bright(?:er|en\\w*|ness)|glow\\w*|sunny|moonlit|"
                                           "\\w*nacht\\w*|n\\x{e4}cht\\w*|\\w*licht\\w*|\\w*leucht\\w*|dunkel\\w*|"
                                           "dunkl\\w*|hell\\w*|abend\\w*|morgen\\w*|d\\x{e4}mmer\\w*|"
                                           "sonnen(?:unter|auf)gang|schatten|gl\\x{fc}h\\w*|sonnig\\w*)\\b|"
                                           "夜|光|灯|暗|亮|日落|日出|黄昏|傍晚|早晨|清晨|阴影|白天|白昼"),
                        kCI);
  static const RE colour(QStringLiteral("\\b(?:colou?r\\w*|hues?|tint\\w*|tones?|saturat\\w*|"
                                        "\\w*farb\\w*|f\\x{e4}rb\\w*|t\\x{f6}n\\w*|"
                                        "(?:rot|blau|gr\\x{fc}n|gelb|schwarz|wei\\x{df}|weiss|rosa|lila|violett|braun|"
                                        "grau|silbern|t\\x{fc}rkis)(?:e|en|er|es|em)?)\\b|"
                                        "色|红|蓝|绿|黄|紫|粉|黑|白|灰|橙|棕|金"),
                         kCI);
  static const RE style(kStyleWords + QStringLiteral("|\\b(?:\\w*stil(?:e|s)?|\\w*gem\\x{e4}lde|gemalt|aquarell\\w*|"
                                                     "zeichnung\\w*|skizze\\w*|\\w*malerei|bleistift\\w*|"
                                                     "holzschnitt|kupferstich|mosaik)\\b|"
                                                     "风格|画风|水彩|素描|漫画|动漫|油画|卡通|像素|插画|水墨|国画|版画"),
                        kCI);
  QStringList kept;
  for (const QString& item : keep) {
    const bool changed = (item == QLatin1String("the background") && background.match(instruction).hasMatch()) ||
                         (item == QLatin1String("the lighting") && light.match(instruction).hasMatch()) ||
                         (item == QLatin1String("the colours") &&
                          (light.match(instruction).hasMatch() || colour.match(instruction).hasMatch())) ||
                         (item == QLatin1String("the style of the picture") && style.match(instruction).hasMatch());
    if (!changed) kept << item;
  }
  QString what = kept.join(QStringLiteral(", "));
  if (kept.size() > 1) what.replace(what.lastIndexOf(QStringLiteral(", ")), 2, QStringLiteral(" and "));
  return QStringLiteral("Everything else stays unchanged: %1.").arg(what);
}

const QStringList kKeepAll = {QStringLiteral("the identity, face, pose and clothing of any people"),
                              QStringLiteral("the background"),
                              QStringLiteral("the lighting"),
                              QStringLiteral("the colours"),
                              QStringLiteral("the style of the picture"),
                              QStringLiteral("the camera framing")};

OfflinePrompt removal(const QString& object, const QString& from, const QString& instruction) {
  const QString o = phrase(object);
  const QString y = phrase(from);
  QString motion = y.isEmpty()
                       ? QStringLiteral("%1 slowly %2 and %3 out of the picture.")
                             .arg(capitalized(o), verb(o, "loosens from its place", "loosen from their place"),
                                  verb(o, "fades", "fade"))
                       : QStringLiteral("%1 slowly %2 away from %3 and %4 out of the frame.")
                             .arg(capitalized(o), verb(o, "moves", "move"), y, verb(o, "drifts", "drift"));
  const QString fill = QStringLiteral(
      "As it goes, the area it covered fills in naturally with what lies behind it, continuing the surrounding "
      "surfaces, textures and shadows.");
  const QString final =
      y.isEmpty() ? QStringLiteral("In the final moment, %1 %2 completely gone and no trace of it remains.")
                        .arg(o, verb(o, "is", "are"))
                  : QStringLiteral("In the final moment, %1 %2 left without %3, and no trace of it remains.")
                        .arg(y, verb(y, "is", "are"), o);
  return {EditKind::Remove, QStringList{kOpening, motion, fill, final, unchanged(kKeepAll, instruction)}.join(QLatin1Char(' '))};
}

OfflinePrompt addition(const QString& object, const QString& where, const QString& instruction) {
  const QString o = phrase(object);
  const QString w = phrase(where);
  const QString place = w.isEmpty() ? QString() : QLatin1Char(' ') + w;
  const QString motion = QStringLiteral(
                             "%1 gradually %2%3, faint and translucent at first, then taking on solid form, "
                             "natural shadows and the light of the scene.")
                             .arg(capitalized(o), verb(o, "appears", "appear"), place);
  const QString settle = QStringLiteral("%1 into place as if %2 always been there.")
                             .arg(capitalized(verb(o, "It settles", "They settle")), verb(o, "it had", "they had"));
  const QString final = QStringLiteral("In the final moment, %1 %2 clearly visible%3, fully formed and consistent "
                                       "with the rest of the picture.")
                            .arg(o, verb(o, "is", "are"), place);
  return {EditKind::Add, QStringList{kOpening, motion, settle, final, unchanged(kKeepAll, instruction)}.join(QLatin1Char(' '))};
}

OfflinePrompt recolor(const QString& object, const QString& colour, const QString& instruction) {
  const QString o = phrase(object);
  const QString c = phrase(colour).toLower();
  const QString motion = QStringLiteral(
                             "The colour of %1 begins to shift toward %2. The change spreads smoothly across %1, "
                             "while %3 shape, texture, folds and highlights stay exactly as they are; only the hue "
                             "changes.")
                             .arg(o, c, verb(o, "its", "their"));
  const QString final = QStringLiteral("In the final moment, %1 %2 entirely %3, evenly coloured under the same light.")
                            .arg(o, verb(o, "is", "are"), c);
  const QStringList keep = {QStringLiteral("the identity, face and pose of any people"), QStringLiteral("the other colours"),
                           QStringLiteral("the background"),      QStringLiteral("the lighting"),
                           QStringLiteral("the style of the picture"), QStringLiteral("the camera framing")};
  return {EditKind::Recolor, QStringList{kOpening, motion, final, unchanged(keep, instruction)}.join(QLatin1Char(' '))};
}

OfflinePrompt replacement(const QString& from, const QString& to, const QString& instruction) {
  const QString a = phrase(from);
  const QString b = phrase(to);
  const QString motion = QStringLiteral(
                             "%1 %2 to transform into %3. %4 outline and surface change step by step, keeping the "
                             "same position, size and orientation in the frame.")
                             .arg(capitalized(a), verb(a, "begins", "begin"), b, capitalized(verb(a, "its", "their")));
  const QString final = QStringLiteral("In the final moment, %1 %2 where %3 %4, fully formed and lit like the rest of "
                                       "the scene.")
                            .arg(b, verb(b, "stands", "stand"), a, verb(a, "was", "were"));
  return {EditKind::Replace, QStringList{kOpening, motion, final, unchanged(kKeepAll, instruction)}.join(QLatin1Char(' '))};
}

OfflinePrompt restyle(const QString& style) {
  const QString s = phrase(style);
  const QString motion = QStringLiteral(
                             "The whole picture begins to change how it is rendered while everything in it stays in "
                             "place. Surfaces, edges and shading gradually take on %1, spreading evenly across the "
                             "subjects and the background.")
                             .arg(s);
  const QString final = QStringLiteral("In the final moment, the entire image is fully rendered as %1.").arg(s);
  const QStringList keep = {QStringLiteral("the composition"), QStringLiteral("the subjects, their poses and expressions"),
                           QStringLiteral("the positions of all objects"),
                           QStringLiteral("the camera framing; only the way the picture is rendered changes")};
  return {EditKind::Style, QStringList{kOpening, motion, final, unchanged(keep, s)}.join(QLatin1Char(' '))};
}

OfflinePrompt general(const QString& instruction) {
  QString edit = instruction;
  if (!edit.isEmpty()) edit[0] = edit[0].toLower();
  const QString motion = QStringLiteral(
                             "Starting from the picture as it is, the scene changes smoothly and continuously to "
                             "carry out this edit: %1. The change unfolds step by step, with natural motion and no "
                             "sudden cuts.")
                             .arg(edit);
  const QString final =
      QStringLiteral("In the final moment, the edit is complete (%1) and the scene holds still.").arg(edit);
  return {EditKind::General, QStringList{kOpening, motion, final, unchanged(kKeepAll, instruction)}.join(QLatin1Char(' '))};
}

// Style wording from the instruction: "in the style of X" -> "the style of X"; "... into a
// watercolor painting" -> "a watercolor painting"; otherwise the instruction minus its verb.
QString styleTarget(const QString& text) {
  static const RE ofStyle(QStringLiteral("\\b(?:in\\s+)?(the\\s+style\\s+of\\s+.+)$"), kCI);
  if (const auto m = ofStyle.match(text); m.hasMatch()) return m.captured(1);
  static const RE intoStyle(
      QStringLiteral("\\b(?:into|as|to|like|in)\\s+((?:an?\\s+|the\\s+)?[^,]*") + kStyleWords +
          QStringLiteral("[^,]*)$"),
      kCI);
  if (const auto m = intoStyle.match(text); m.hasMatch()) {
    QString s = m.captured(1);
    static const RE look(QStringLiteral("^(?:look|looks)\\s+like\\s+"), kCI);
    s.remove(look);
    return s;
  }
  static const RE leadingVerb(
      QStringLiteral("^(?:make|turn|render|convert|transform|change|restyle|redo|repaint|paint|apply)\\s+"
                     "(?:(?:it|this|the\\s+(?:image|picture|photo|photograph|scene))\\s+)?"),
      kCI);
  QString s = text;
  s.remove(leadingVerb);
  return s;
}

}  // namespace

QString editKindName(EditKind kind) {
  switch (kind) {
    case EditKind::Remove: return QStringLiteral("remove");
    case EditKind::Add: return QStringLiteral("add");
    case EditKind::Recolor: return QStringLiteral("recolor");
    case EditKind::Replace: return QStringLiteral("replace");
    case EditKind::Style: return QStringLiteral("style");
    case EditKind::General: return QStringLiteral("general");
  }
  return QStringLiteral("general");
}

OfflinePrompt offlineEvolutionPrompt(const QString& rawInstruction) {
  const QString text = cleanInstruction(rawInstruction);
  if (text.isEmpty()) return {};

  // Style first: "make it black and white" or "a red-toned watercolor" restyle the whole picture.
  static const RE styleWords(kStyleWords, kCI);
  static const RE objectStyleVerb(QStringLiteral("^(?:remove|delete|erase|add|put|place|insert|replace)\\b"), kCI);
  if (styleWords.match(text).hasMatch() && !objectStyleVerb.match(text).hasMatch()) {
    return restyle(styleTarget(text));
  }

  // Recolouring before replacement: "turn the car red" is not "turn X into Y".
  static const RE colourOf(
      QStringLiteral("^(?:change|set|switch|make)\\s+the\\s+colou?rs?\\s+of\\s+(.+?)\\s+(?:to|into)\\s+(") +
          kColour + QStringLiteral(")$"),
      kCI);
  static const RE colourVerb(QStringLiteral("^(?:make|turn|paint|colou?r|dye|change|recolou?r|tint)\\s+(.+?)\\s+"
                                            "(?:to\\s+|into\\s+|in\\s+)?(") +
                                 kColour + QStringLiteral(")(?:\\s+colou?r(?:ed)?)?$"),
                             kCI);
  for (const RE* re : {&colourOf, &colourVerb}) {
    if (const auto m = re->match(text); m.hasMatch()) {
      QString object = m.captured(1), colour = m.captured(2);
      // "make the sky orange": the lazy object stopped at "the" and "sky" was read as a shade of
      // orange; a bare determiner is no object, so the shade word is the noun.
      static const RE bareDeterminer(
          QStringLiteral("^(?:the|a|an|his|her|its|their|this|that|these|those|my|your|our)$"), kCI);
      static const RE shade(QStringLiteral("^(\\S+)[ -](.+)$"));
      if (bareDeterminer.match(object).hasMatch()) {
        if (const auto split = shade.match(colour); split.hasMatch()) {
          object += QLatin1Char(' ') + split.captured(1);
          colour = split.captured(2);
        }
      }
      return recolor(object, colour, text);
    }
  }

  static const RE takeFrom(
      QStringLiteral("^(?:take|pull|lift|move)\\s+(.+?)\\s+(?:out\\s+of|off\\s+of|off|away\\s+from|from)\\s+(.+)$"), kCI);
  static const RE takeAway(QStringLiteral("^(?:take|pull|lift|move)\\s+(.+?)\\s+(?:out|off|away)$"), kCI);
  static const RE removeFrom(QStringLiteral("^(?:remove|delete|erase|get\\s+rid\\s+of|eliminate|clear\\s+away|"
                                            "take\\s+away|take\\s+out|take\\s+off)\\s+(.+?)"
                                            "(?:\\s+(?:from|off\\s+of|off|out\\s+of)\\s+(.+))?$"),
                             kCI);
  static const RE without(QStringLiteral("^(?:show\\s+(?:it|the\\s+\\w+)\\s+)?without\\s+(.+)$"), kCI);
  if (const auto m = takeFrom.match(text); m.hasMatch()) return removal(m.captured(1), m.captured(2), text);
  if (const auto m = takeAway.match(text); m.hasMatch()) return removal(m.captured(1), {}, text);
  if (const auto m = removeFrom.match(text); m.hasMatch()) return removal(m.captured(1), m.captured(2), text);
  if (const auto m = without.match(text); m.hasMatch()) return removal(m.captured(1), {}, text);

  static const RE replaceWith(QStringLiteral("^(?:replace|swap)\\s+(.+?)\\s+(?:with|for|by)\\s+(.+)$"), kCI);
  static const RE turnInto(
      QStringLiteral("^(?:change|turn|transform|convert|morph|make)\\s+(.+?)\\s+(?:into|to)\\s+(.+)$"), kCI);
  if (const auto m = replaceWith.match(text); m.hasMatch()) return replacement(m.captured(1), m.captured(2), text);
  if (const auto m = turnInto.match(text); m.hasMatch()) return replacement(m.captured(1), m.captured(2), text);

  static const RE give(QStringLiteral("^give\\s+(him|her|them|it|the\\s+\\S+|\\S+)\\s+(.+)$"), kCI);
  if (const auto m = give.match(text); m.hasMatch()) {
    QString who = m.captured(1);
    static const QHash<QString, QString> objectPronoun = {
        {QStringLiteral("him"), QStringLiteral("on him")},
        {QStringLiteral("her"), QStringLiteral("on her")},
        {QStringLiteral("them"), QStringLiteral("on them")},
        {QStringLiteral("it"), QStringLiteral("on it")}};
    const QString where = objectPronoun.value(who.toLower(), QStringLiteral("on ") + who);
    return addition(m.captured(2), where, text);
  }
  static const RE addTo(QStringLiteral("^(?:add|put|place|insert|draw|include|attach|hang|set)\\s+(.+?)"
                                       "(?:\\s+((?:on(?:to)?|in(?:to)?|to|next\\s+to|beside|behind|in\\s+front\\s+of|"
                                       "above|below|under|over|around|at|near|between|inside)\\s+.+))?$"),
                          kCI);
  if (const auto m = addTo.match(text); m.hasMatch()) {
    QString where = m.captured(2);
    // "add a hat to the man": the hat appears on him, not "to" him.
    static const RE to(QStringLiteral("^to\\s+"), kCI);
    if (where.contains(to)) where.replace(to, QStringLiteral("on "));
    return addition(m.captured(1), where, text);
  }
  return general(text);
}

}  // namespace ifedit::app
