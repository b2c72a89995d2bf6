<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>ifedit::app::ApiKeyStore</name>
    <message>
        <source>this build has no keyring support (QtKeychain)</source>
        <translation>dieser Build unterstützt keinen Schlüsselbund (QtKeychain)</translation>
    </message>
    <message>
        <source>the keyring is switched off</source>
        <translation>der Schlüsselbund ist ausgeschaltet</translation>
    </message>
    <message>
        <source>The key is stored in the system keyring, not in the settings file.</source>
        <translation>Der Schlüssel liegt im Schlüsselbund des Systems, nicht in der Einstellungsdatei.</translation>
    </message>
    <message>
        <source>The key is kept for this session only (%1); it is never written to the settings file.</source>
        <translation>Der Schlüssel gilt nur für diese Sitzung (%1); er wird nie in die Einstellungsdatei geschrieben.</translation>
    </message>
</context>
<context>
    <name>ifedit::app::EditHistory</name>
    <message>
        <source>seed %1, %2 frames, %3 steps</source>
        <translation>Seed %1, %2 Einzelbilder, %3 Schritte</translation>
    </message>
    <message>
        <source>, no dropout</source>
        <translation>, ohne Dropout</translation>
    </message>
    <message>
        <source>, K %1</source>
        <translation>, K %1</translation>
    </message>
    <message>
        <source>, refined from frame %1</source>
        <translation>, aus Einzelbild %1 verfeinert</translation>
    </message>
    <message>
        <source>, frame %1 unrefined</source>
        <translation>, Einzelbild %1 unverfeinert</translation>
    </message>
    <message>
        <source> — random-weight output</source>
        <translation> – Zufallsgewicht-Ausgabe</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
</context>
<context>
    <name>ifedit::app::EditSession</name>
    <message>
        <source>Choose frame %1</source>
        <translation>Einzelbild %1 wählen</translation>
    </message>
    <message>
        <source>Cannot open %1 while an edit runs; cancel it first (Esc).</source>
        <translation>%1 kann nicht geöffnet werden, während eine Bearbeitung läuft; brechen Sie sie zuerst ab (Esc).</translation>
    </message>
    <message>
        <source>Cannot change the picture while an edit runs; cancel it first (Esc).</source>
        <translation>Das Bild kann nicht gewechselt werden, während eine Bearbeitung läuft; brechen Sie sie zuerst ab (Esc).</translation>
    </message>
    <message>
        <source>%1 holds no picture.</source>
        <translation>%1 enthält kein Bild.</translation>
    </message>
    <message>
        <source>%1 is too large: %2 x %3 pixels.</source>
        <translation>%1 ist zu groß: %2 × %3 Pixel.</translation>
    </message>
    <message>
        <source>The VLM (%1) is writing the prompt…</source>
        <translation>Das VLM (%1) schreibt den Prompt …</translation>
    </message>
    <message>
        <source>The offline template is writing the prompt…</source>
        <translation>Die Offline-Vorlage schreibt den Prompt …</translation>
    </message>
    <message>
        <source>Written by the VLM (%1)</source>
        <translation>Vom VLM geschrieben (%1)</translation>
    </message>
    <message>
        <source>Written by the offline template (no VLM)</source>
        <translation>Von der Offline-Vorlage geschrieben (kein VLM)</translation>
    </message>
    <message>
        <source>Written or edited by you</source>
        <translation>Von Ihnen geschrieben oder bearbeitet</translation>
    </message>
    <message>
        <source>No model configured — point Settings at the Wan2.2 weights (see README), or use the demo model.</source>
        <translation>Kein Modell eingerichtet – geben Sie in den Einstellungen die Wan2.2-Gewichte an (siehe README) oder verwenden Sie das Demomodell.</translation>
    </message>
    <message>
        <source>Demo model (random weights): its pictures are random-weight output, not real edits.</source>
        <translation>Demomodell (Zufallsgewichte): seine Bilder sind Zufallsgewicht-Ausgabe, keine echten Bearbeitungen.</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <source> — random weights: random-weight output</source>
        <translation> – Zufallsgewichte: Zufallsgewicht-Ausgabe</translation>
    </message>
    <message>
        <source>Model: %1 (loads on the first run)</source>
        <translation>Modell: %1 (wird beim ersten Lauf geladen)</translation>
    </message>
    <message>
        <source>Evolution done: frame %1 is the sharpest candidate (%2). Click another frame to override, then refine.</source>
        <translation>Entwicklung fertig: Einzelbild %1 ist der schärfste Kandidat (%2). Klicken Sie auf ein anderes Einzelbild, um die Wahl zu ändern, und verfeinern Sie dann.</translation>
    </message>
    <message>
        <source>Refined frame %1: the result is on the canvas.</source>
        <translation>Einzelbild %1 verfeinert: das Ergebnis ist auf der Zeichenfläche.</translation>
    </message>
    <message>
        <source>Refinement is off: frame %1 is the result.</source>
        <translation>Verfeinerung ist aus: Einzelbild %1 ist das Ergebnis.</translation>
    </message>
    <message>
        <source>Open an image first.</source>
        <translation>Öffnen Sie zuerst ein Bild.</translation>
    </message>
    <message>
        <source>Type an instruction first.</source>
        <translation>Geben Sie zuerst eine Anweisung ein.</translation>
    </message>
    <message>
        <source>An edit is already running (Esc cancels it).</source>
        <translation>Eine Bearbeitung läuft bereits (Esc bricht sie ab).</translation>
    </message>
    <message>
        <source>The VLM wrote the prompt: review it, then approve.</source>
        <translation>Das VLM hat den Prompt geschrieben: prüfen Sie ihn und geben Sie ihn dann frei.</translation>
    </message>
    <message>
        <source>The offline template wrote the prompt: review it, then approve.</source>
        <translation>Die Offline-Vorlage hat den Prompt geschrieben: prüfen Sie ihn und geben Sie ihn dann frei.</translation>
    </message>
    <message>
        <source>the VLM gave no prompt</source>
        <translation>das VLM hat keinen Prompt geliefert</translation>
    </message>
    <message>
        <source>There is no prompt to run: write one, or let the VLM or the template write it.</source>
        <translation>Es gibt keinen Prompt zum Ausführen: schreiben Sie einen oder lassen Sie das VLM oder die Vorlage einen schreiben.</translation>
    </message>
    <message>
        <source>The settings cannot be used: %1</source>
        <translation>Die Einstellungen sind nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>Adjusted: %1</source>
        <translation>Angepasst: %1</translation>
    </message>
    <message>
        <source>Choose a frame first.</source>
        <translation>Wählen Sie zuerst ein Einzelbild.</translation>
    </message>
    <message>
        <source>There is no evolution to refine yet.</source>
        <translation>Es gibt noch keine Entwicklung zum Verfeinern.</translation>
    </message>
    <message>
        <source>Prompt writing cancelled.</source>
        <translation>Schreiben des Prompts abgebrochen.</translation>
    </message>
    <message>
        <source>Evolution cancelled.</source>
        <translation>Entwicklung abgebrochen.</translation>
    </message>
    <message>
        <source>Refinement cancelled.</source>
        <translation>Verfeinerung abgebrochen.</translation>
    </message>
    <message>
        <source>Temporal latent dropout at step %1: %2 latent frames kept.</source>
        <translation>Temporal Latent Dropout bei Schritt %1: %2 latente Einzelbilder behalten.</translation>
    </message>
    <message>
        <source>The evolution failed: %1</source>
        <translation>Die Entwicklung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The refinement failed: %1</source>
        <translation>Die Verfeinerung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>There is no result to continue from yet.</source>
        <translation>Es gibt noch kein Ergebnis, mit dem es weitergehen kann.</translation>
    </message>
    <message>
        <source>Result of edit %1</source>
        <translation>Ergebnis von Bearbeitung %1</translation>
    </message>
    <message>
        <source>The result of edit %1 is the new source: type the next instruction.</source>
        <translation>Das Ergebnis von Bearbeitung %1 ist die neue Quelle: geben Sie die nächste Anweisung ein.</translation>
    </message>
    <message>
        <source>Finish or cancel the running edit first (Esc).</source>
        <translation>Beenden oder abbrechen Sie zuerst die laufende Bearbeitung (Esc).</translation>
    </message>
    <message>
        <source>Frame %1 / %2</source>
        <translation>Einzelbild %1 / %2</translation>
    </message>
    <message>
        <source> · sharpness %1</source>
        <translation> · Schärfe %1</translation>
    </message>
    <message>
        <source> · pick</source>
        <translation> · Auswahl</translation>
    </message>
    <message>
        <source> · chosen</source>
        <translation> · gewählt</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Preview after step %1 of %2</source>
        <translation>Vorschau nach Schritt %1 von %2</translation>
    </message>
    <message>
        <source>Refining…</source>
        <translation>Verfeinern …</translation>
    </message>
    <message>
        <source>Result (refined from frame %1)</source>
        <translation>Ergebnis (aus Einzelbild %1 verfeinert)</translation>
    </message>
    <message>
        <source>Result (frame %1, not refined)</source>
        <translation>Ergebnis (Einzelbild %1, nicht verfeinert)</translation>
    </message>
    <message>
        <source>demo model: working size %1 -&gt; %2 pixels, so a run takes seconds</source>
        <translation>Demo-Modell: Arbeitsgröße %1 -&gt; %2 Pixel, damit ein Lauf nur Sekunden dauert</translation>
    </message>
    <message>
        <source>%1: left out what the engine would refuse: %2</source>
        <translation>%1: weggelassen, was die Engine ablehnen würde: %2</translation>
    </message>
    <message>
        <source>the edit that is running</source>
        <translation>die laufende Bearbeitung</translation>
    </message>
    <message>
        <source>an evolution that has not been refined</source>
        <translation>eine Entwicklung, die noch nicht verfeinert wurde</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s) that were not exported</source>
        <translation>
            <numerusform>%n Ergebnis, das nicht exportiert wurde</numerusform>
            <numerusform>%n Ergebnisse, die nicht exportiert wurden</numerusform>
        </translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>The picture is too narrow or too wide for the working size: %1 (Settings › max area).</source>
        <translation>Das Bild ist für die Arbeitsgröße zu schmal oder zu breit: %1 (Einstellungen › Arbeitsauflösung).</translation>
    </message>
    <message numerus="yes">
        <source> (and %n more)</source>
        <translation>
            <numerusform> (und %n weiteres)</numerusform>
            <numerusform> (und %n weitere)</numerusform>
        </translation>
    </message>
    <message>
        <source>Model folder %1 cannot be used: %2 — Settings ▸ Model shows what is missing.</source>
        <translation>Der Modellordner %1 ist nicht verwendbar: %2 – Einstellungen ▸ Modell zeigt, was fehlt.</translation>
    </message>
    <message>
        <source>this is %1, not Wan2.2-I2V-A14B</source>
        <translation>das ist %1, nicht Wan2.2-I2V-A14B</translation>
    </message>
    <message>
        <source> — runs on %1</source>
        <translation> — läuft auf %1</translation>
    </message>
    <message>
        <source>, %1 memory mode</source>
        <translation>, Speichermodus %1</translation>
    </message>
    <message>
        <source>%1: left out %2</source>
        <translation>%1: weggelassen: %2</translation>
    </message>
    <message>
        <source>%1 was made with LoRAs that are not set now: %2; the result will differ (Settings ▸ Model)</source>
        <translation>%1 wurde mit LoRAs erstellt, die jetzt nicht eingestellt sind: %2; das Ergebnis wird abweichen (Einstellungen ▸ Modell)</translation>
    </message>
</context>
<context>
    <name>ifedit::app::EngineWorker</name>
    <message>
        <source>out of memory: this run needs more memory than is free (a smaller working resolution, fewer frames or fewer steps need less)</source>
        <translation>Speicher erschöpft: dieser Lauf braucht mehr Speicher, als frei ist (eine kleinere Arbeitsauflösung, weniger Frames oder weniger Schritte brauchen weniger)</translation>
    </message>
    <message>
        <source>unknown engine error</source>
        <translation>unbekannter Fehler der Engine</translation>
    </message>
</context>
<context>
    <name>ifedit::app::Export</name>
    <message>
        <source>%1: the IF-Edit metadata is not a JSON object (%2 at offset %3)</source>
        <translation>%1: die IF-Edit-Metadaten sind kein JSON-Objekt (%2 an Position %3)</translation>
    </message>
    <message>
        <source>%1: the IF-Edit metadata holds no instruction, prompt or settings</source>
        <translation>%1: die IF-Edit-Metadaten enthalten weder Anweisung noch Prompt noch Einstellungen</translation>
    </message>
    <message>
        <source>%1: the &apos;parameters&apos; text holds no prompt or settings</source>
        <translation>%1: der Text „parameters“ enthält weder Prompt noch Einstellungen</translation>
    </message>
    <message>
        <source>%1: no such file</source>
        <translation>%1: Datei existiert nicht</translation>
    </message>
    <message>
        <source>%1: cannot read (%2)</source>
        <translation>%1: kann nicht gelesen werden (%2)</translation>
    </message>
    <message>
        <source>%1: too large for an exported PNG</source>
        <translation>%1: zu groß für ein exportiertes PNG</translation>
    </message>
    <message>
        <source>%1: no IF-Edit metadata (no &apos;ifedit&apos; or &apos;parameters&apos; text and no %2)</source>
        <translation>%1: keine IF-Edit-Metadaten (kein Text „ifedit“ oder „parameters“ und keine %2)</translation>
    </message>
    <message>
        <source>%1: cannot move into place (%2)</source>
        <translation>%1: kann nicht an seinen Platz verschoben werden (%2)</translation>
    </message>
    <message>
        <source>%1: the folder %2 does not exist</source>
        <translation>%1: der Ordner %2 existiert nicht</translation>
    </message>
    <message>
        <source>%1: there is no image to export</source>
        <translation>%1: es gibt kein Bild zum Exportieren</translation>
    </message>
    <message>
        <source>%1: this Qt has no %2 writer (install the Qt image format plugins)</source>
        <translation>%1: dieses Qt kann kein %2 schreiben (installieren Sie die Qt-Bildformat-Plugins)</translation>
    </message>
    <message>
        <source>%1: cannot encode %2 (%3)</source>
        <translation>%1: %2 kann nicht kodiert werden (%3)</translation>
    </message>
    <message>
        <source>%1: there are no frames to export</source>
        <translation>%1: es gibt keine Einzelbilder zum Exportieren</translation>
    </message>
    <message>
        <source>%1: frame rate %2 is outside 0..240</source>
        <translation>%1: die Bildrate %2 liegt außerhalb von 0..240</translation>
    </message>
    <message>
        <source>%1: cannot start an MP4 writer (OpenCV built without FFmpeg?)</source>
        <translation>%1: kein MP4-Schreiber verfügbar (OpenCV ohne FFmpeg gebaut?)</translation>
    </message>
    <message>
        <source>%1: frame %2 is %3x%4, frame 0 is %5x%6</source>
        <translation>%1: Einzelbild %2 ist %3×%4, Einzelbild 0 ist %5×%6</translation>
    </message>
    <message>
        <source>%1: video writer failed (%2)</source>
        <translation>%1: der Videoschreiber ist fehlgeschlagen (%2)</translation>
    </message>
    <message>
        <source>%1: the video writer wrote nothing</source>
        <translation>%1: der Videoschreiber hat nichts geschrieben</translation>
    </message>
    <message>
        <source>%1: exists and is not a folder</source>
        <translation>%1: existiert und ist kein Ordner</translation>
    </message>
    <message>
        <source>%1: the folder holds other files (%2); choose a new or empty folder</source>
        <translation>%1: der Ordner enthält andere Dateien (%2); wählen Sie einen neuen oder leeren Ordner</translation>
    </message>
    <message>
        <source>%1: cannot create a temporary folder beside it (%2)</source>
        <translation>%1: daneben kann kein temporärer Ordner angelegt werden (%2)</translation>
    </message>
    <message>
        <source>%1: cannot scale the image to %2 × %3 (not enough memory)</source>
        <translation>%1: das Bild lässt sich nicht auf %2 × %3 skalieren (zu wenig Speicher)</translation>
    </message>
    <message>
        <source>%1: this is the source picture of the edit (exporting there would overwrite it); choose another name</source>
        <translation>%1: das ist das Ausgangsbild der Bearbeitung (ein Export dorthin würde es überschreiben); wählen Sie einen anderen Namen</translation>
    </message>
    <message>
        <source>%1: the video was not written whole (%2 of %3 frames read back; is the disk full?)</source>
        <translation>%1: das Video wurde nicht vollständig geschrieben (%2 von %3 Frames zurückgelesen; ist der Datenträger voll?)</translation>
    </message>
    <message>
        <source>%1 holds at most %2 pixels a side, and the picture is %3 x %4: export it as PNG, or at the model&apos;s working size</source>
        <translation>%1 fasst höchstens %2 Pixel je Seite, das Bild ist %3 x %4: exportieren Sie es als PNG oder in der Arbeitsgröße des Modells</translation>
    </message>
    <message>
        <source>%1: MP4 holds at most 8191 pixels a side, and the evolution is %2 x %3: export it as a PNG sequence</source>
        <translation>%1: MP4 fasst höchstens 8191 Pixel je Seite, die Entwicklung ist %2 x %3: exportieren Sie sie als PNG-Folge</translation>
    </message>
</context>
<context>
    <name>ifedit::app::ImageLoading</name>
    <message>
        <source>%1 is too large: %2 x %3 pixels (the limit is %4 megapixels).</source>
        <translation>%1 ist zu groß: %2 × %3 Pixel (die Grenze liegt bei %4 Megapixeln).</translation>
    </message>
    <message>
        <source>No file name given.</source>
        <translation>Kein Dateiname angegeben.</translation>
    </message>
    <message>
        <source>File not found: %1</source>
        <translation>Datei nicht gefunden: %1</translation>
    </message>
    <message>
        <source>Not a file: %1</source>
        <translation>Keine Datei: %1</translation>
    </message>
    <message>
        <source>Cannot read %1: permission denied.</source>
        <translation>%1 kann nicht gelesen werden: Zugriff verweigert.</translation>
    </message>
    <message>
        <source>%1 is empty (0 bytes), not an image.</source>
        <translation>%1 ist leer (0 Bytes), kein Bild.</translation>
    </message>
    <message>
        <source>%1 is not an image in a supported format (supported: %2).</source>
        <translation>%1 ist kein Bild in einem unterstützten Format (unterstützt: %2).</translation>
    </message>
    <message>
        <source>%1 declares an empty image (%2 x %3 pixels).</source>
        <translation>%1 gibt ein leeres Bild an (%2 × %3 Pixel).</translation>
    </message>
    <message>
        <source>Could not decode %1 as %2: %3 (the file may be corrupt or truncated).</source>
        <translation>%1 konnte nicht als %2 dekodiert werden: %3 (die Datei ist vielleicht beschädigt oder unvollständig).</translation>
    </message>
    <message>
        <source>%1 is an SVG drawing: open it in the editor, or convert it to PNG for the command line.</source>
        <translation>%1 ist eine SVG-Zeichnung: öffnen Sie sie im Editor oder wandeln Sie sie für die Kommandozeile in PNG um.</translation>
    </message>
    <message>
        <source>%1 is cut short: its %2 data ends before the picture does (an incomplete download or copy?).</source>
        <translation>%1 ist abgeschnitten: die %2-Daten enden vor dem Bild (ein unvollständiger Download oder eine unvollständige Kopie?).</translation>
    </message>
</context>
<context>
    <name>ifedit::app::ModelFindings</name>
    <message>
        <source>%1: %2</source>
        <extracomment>A model part and what was found about it (&quot;High-noise expert: ... not found&quot;)</extracomment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1/: folder not found (expected %2)</source>
        <translation>%1/: Ordner nicht gefunden (erwartet: %2)</translation>
    </message>
    <message>
        <source>%1/: config.json missing (expected %2)</source>
        <translation>%1/: config.json fehlt (erwartet: %2)</translation>
    </message>
    <message>
        <source>%1/: cannot be read: %2</source>
        <translation>%1/: nicht lesbar: %2</translation>
    </message>
    <message>
        <source>%1/: %2 (expected %3)</source>
        <translation>%1/: %2 (erwartet: %3)</translation>
    </message>
    <message>
        <source>%1/: %2 has no weight_map (expected %3)</source>
        <translation>%1/: %2 hat keine weight_map (erwartet: %3)</translation>
    </message>
    <message>
        <source>%1/: %2 of %3 shards named in the index are missing (%4) (expected %5)</source>
        <translation>%1/: %2 von %3 im Index genannten Teildateien fehlen (%4) (erwartet: %5)</translation>
    </message>
    <message>
        <source>%1 holds a model with %2, not an image-to-video expert (model_type &quot;i2v&quot;, in_dim 36): this is Wan2.2-T2V-A14B, text-to-video (same file names); download Wan-AI/Wan2.2-I2V-A14B</source>
        <translation>%1 enthält ein Modell mit %2, keinen Bild-zu-Video-Experten (model_type &quot;i2v&quot;, in_dim 36): Das ist Wan2.2-T2V-A14B, Text-zu-Video (gleiche Dateinamen); laden Sie Wan-AI/Wan2.2-I2V-A14B herunter</translation>
    </message>
    <message>
        <source>%1 holds a model with %2, not an image-to-video expert (model_type &quot;i2v&quot;, in_dim 36): this is Wan2.2-TI2V-5B; download Wan-AI/Wan2.2-I2V-A14B</source>
        <translation>%1 enthält ein Modell mit %2, keinen Bild-zu-Video-Experten (model_type &quot;i2v&quot;, in_dim 36): Das ist Wan2.2-TI2V-5B; laden Sie Wan-AI/Wan2.2-I2V-A14B herunter</translation>
    </message>
    <message>
        <source>%1 holds a model with %2, not an image-to-video expert (model_type &quot;i2v&quot;, in_dim 36): this is not Wan2.2-I2V-A14B; download Wan-AI/Wan2.2-I2V-A14B</source>
        <translation>%1 enthält ein Modell mit %2, keinen Bild-zu-Video-Experten (model_type &quot;i2v&quot;, in_dim 36): Das ist nicht Wan2.2-I2V-A14B; laden Sie Wan-AI/Wan2.2-I2V-A14B herunter</translation>
    </message>
    <message>
        <source>%1 not found</source>
        <translation>%1 nicht gefunden</translation>
    </message>
    <message>
        <source>%1 not found (the UMT5 sentencepiece model shipped with the checkpoint)</source>
        <translation>%1 nicht gefunden (das sentencepiece-Modell von UMT5, das mit dem Checkpoint kommt)</translation>
    </message>
    <message>
        <source>this folder holds a single-model checkpoint (Wan2.2-TI2V-5B or Wan2.1: one model at the root, no high_noise_model/ and low_noise_model/), not Wan2.2-I2V-A14B&apos;s two experts: download Wan-AI/Wan2.2-I2V-A14B</source>
        <translation>dieser Ordner enthält einen Checkpoint mit einem einzigen Modell (Wan2.2-TI2V-5B oder Wan2.1: ein Modell auf oberster Ebene, kein high_noise_model/ und low_noise_model/), nicht die zwei Experten von Wan2.2-I2V-A14B: laden Sie Wan-AI/Wan2.2-I2V-A14B herunter</translation>
    </message>
    <message>
        <source>%1 is Wan2.2-T2V-A14B (text-to-video), not Wan2.2-I2V-A14B: download the wan2.2_i2v_* files</source>
        <translation>%1 ist Wan2.2-T2V-A14B (Text-zu-Video), nicht Wan2.2-I2V-A14B: laden Sie die wan2.2_i2v_*-Dateien herunter</translation>
    </message>
    <message>
        <source>%1 is Wan2.2-TI2V-5B, not Wan2.2-I2V-A14B: download the wan2.2_i2v_* files</source>
        <translation>%1 ist Wan2.2-TI2V-5B, nicht Wan2.2-I2V-A14B: laden Sie die wan2.2_i2v_*-Dateien herunter</translation>
    </message>
    <message>
        <source>%1 is the VAE of Wan2.2-TI2V-5B (I2V-A14B uses wan_2.1_vae), not Wan2.2-I2V-A14B: download the wan2.2_i2v_* files</source>
        <translation>%1 ist das VAE von Wan2.2-TI2V-5B (I2V-A14B verwendet wan_2.1_vae), nicht Wan2.2-I2V-A14B: laden Sie die wan2.2_i2v_*-Dateien herunter</translation>
    </message>
    <message>
        <source>no %1 in %2 or its models/{diffusion_models,vae,text_encoders}/</source>
        <translation>kein %1 in %2 oder dessen models/{diffusion_models,vae,text_encoders}/</translation>
    </message>
    <message>
        <source>no spiece.model in %1 (nor embedded in the text encoder file): copy google/umt5-xxl/ from the official Wan2.2-I2V-A14B download</source>
        <translation>kein spiece.model in %1 (und keines in der Textencoder-Datei): kopieren Sie google/umt5-xxl/ aus dem offiziellen Wan2.2-I2V-A14B-Download</translation>
    </message>
    <message>
        <source>%1 (an incomplete download?)</source>
        <translation>%1 (ein unvollständiger Download?)</translation>
    </message>
    <message>
        <source>a Hugging Face cache folder with %1 snapshots and no refs/main naming one of them: choose the folder snapshots/&lt;revision&gt;/</source>
        <translation>ein Hugging-Face-Cache-Ordner mit %1 Snapshots und ohne refs/main, das einen davon nennt: wählen Sie den Ordner snapshots/&lt;Revision&gt;/</translation>
    </message>
    <message>
        <source>a single file holds one part of the model: choose the folder that holds all of them</source>
        <translation>eine einzelne Datei enthält nur einen Teil des Modells: wählen Sie den Ordner, der alle Teile enthält</translation>
    </message>
    <message>
        <source>%1/ is one part of a model: choose the folder above it, which holds all the parts</source>
        <translation>%1/ ist ein Teil eines Modells: wählen Sie den Ordner darüber, der alle Teile enthält</translation>
    </message>
    <message>
        <source>no Wan2.2-I2V-A14B model here; expected one of: the official layout (high_noise_model/, low_noise_model/, models_t5_umt5-xxl-enc-bf16.pth, Wan2.1_VAE.pth, google/umt5-xxl/), the Diffusers layout (model_index.json, transformer/, transformer_2/, text_encoder/, tokenizer/, vae/), or ComfyUI files (wan2.2_i2v_{high,low}_noise_14B_*.safetensors, wan_2.1_vae.safetensors, umt5_xxl_*.safetensors)</source>
        <translation>hier ist kein Wan2.2-I2V-A14B-Modell; erwartet wird eines von: das offizielle Layout (high_noise_model/, low_noise_model/, models_t5_umt5-xxl-enc-bf16.pth, Wan2.1_VAE.pth, google/umt5-xxl/), das Diffusers-Layout (model_index.json, transformer/, transformer_2/, text_encoder/, tokenizer/, vae/) oder ComfyUI-Dateien (wan2.2_i2v_{high,low}_noise_14B_*.safetensors, wan_2.1_vae.safetensors, umt5_xxl_*.safetensors)</translation>
    </message>
    <message>
        <source>model_index.json has no boundary_ratio: using 0.9</source>
        <translation>model_index.json hat kein boundary_ratio: 0.9 wird verwendet</translation>
    </message>
    <message>
        <source>%1 chosen over %2</source>
        <translation>%1 gewählt statt %2</translation>
    </message>
    <message>
        <source>%1 is Wan2.2-T2V-A14B (text-to-video): not used</source>
        <translation>%1 ist Wan2.2-T2V-A14B (Text-zu-Video): nicht verwendet</translation>
    </message>
    <message>
        <source>%1 is Wan2.2-TI2V-5B: not used</source>
        <translation>%1 ist Wan2.2-TI2V-5B: nicht verwendet</translation>
    </message>
    <message>
        <source>%1 is the VAE of Wan2.2-TI2V-5B (I2V-A14B uses wan_2.1_vae): not used</source>
        <translation>%1 ist das VAE von Wan2.2-TI2V-5B (I2V-A14B verwendet wan_2.1_vae): nicht verwendet</translation>
    </message>
    <message>
        <source>Hugging Face cache folder: using snapshots/%1</source>
        <translation>Hugging-Face-Cache-Ordner: snapshots/%1 wird verwendet</translation>
    </message>
    <message>
        <source>Hugging Face hub folder: using %1</source>
        <translation>Hugging-Face-Hub-Ordner: %1 wird verwendet</translation>
    </message>
    <message>
        <source>does not exist</source>
        <translation>existiert nicht</translation>
    </message>
    <message>
        <source>cannot be read: %1</source>
        <translation>nicht lesbar: %1</translation>
    </message>
    <message>
        <source>no model folder chosen</source>
        <translation>kein Modellordner gewählt</translation>
    </message>
    <message>
        <source>High-noise expert</source>
        <translation>Hochrausch-Experte</translation>
    </message>
    <message>
        <source>Low-noise expert</source>
        <translation>Niedrigrausch-Experte</translation>
    </message>
    <message>
        <source>Text encoder (UMT5)</source>
        <translation>Textencoder (UMT5)</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>Tokenizer</translation>
    </message>
    <message>
        <source>VAE</source>
        <translation>VAE</translation>
    </message>
</context>
<context>
    <name>ifedit::app::RunProgress</name>
    <message>
        <source>high-noise expert</source>
        <translation>Hochrausch-Experte</translation>
    </message>
    <message>
        <source>low-noise expert</source>
        <translation>Niedrigrausch-Experte</translation>
    </message>
    <message>
        <source>step %1/%2</source>
        <translation>Schritt %1/%2</translation>
    </message>
    <message>
        <source>about %1 s left</source>
        <translation>noch etwa %1 s</translation>
    </message>
    <message>
        <source>about %1 min left</source>
        <translation>noch etwa %1 min</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Loading models</source>
        <translation>Modelle werden geladen</translation>
    </message>
    <message>
        <source>Encoding the prompt</source>
        <translation>Prompt wird kodiert</translation>
    </message>
    <message>
        <source>Encoding the image</source>
        <translation>Bild wird kodiert</translation>
    </message>
    <message>
        <source>Denoising</source>
        <translation>Entrauschen</translation>
    </message>
    <message>
        <source>Decoding frames</source>
        <translation>Einzelbilder werden dekodiert</translation>
    </message>
    <message>
        <source>Scoring sharpness</source>
        <translation>Schärfe wird bewertet</translation>
    </message>
    <message>
        <source>Refining</source>
        <translation>Verfeinern</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>text encoder</source>
        <translation>Text-Encoder</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::CanvasView</name>
    <message>
        <source>Open an image (%1), paste one (%2) or drop one here</source>
        <translation>Öffnen Sie ein Bild (%1), fügen Sie eines ein (%2) oder ziehen Sie eines hierher</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
    <message>
        <source>Before (source)</source>
        <translation>Vorher (Quelle)</translation>
    </message>
    <message>
        <source>random-weight output</source>
        <translation>Zufallsgewicht-Ausgabe</translation>
    </message>
    <message>
        <source>Picture</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>%1, %2 × %3 pixels</source>
        <translation>%1, %2 × %3 Pixel</translation>
    </message>
    <message>
        <source>%1; split: before on the left, after on the right</source>
        <translation>%1; geteilt: links vorher, rechts nachher</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::CompareBar</name>
    <message>
        <source>Move the line between before (left) and after (right)</source>
        <translation>Verschieben Sie die Linie zwischen vorher (links) und nachher (rechts)</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
    <message>
        <source>Split between before and after</source>
        <translation>Teilung zwischen vorher und nachher</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::DialogController</name>
    <message>
        <source>Settings saved.</source>
        <translation>Einstellungen gespeichert.</translation>
    </message>
    <message>
        <source>The new language applies the next time IF-Edit Studio starts.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start von IF-Edit Studio.</translation>
    </message>
    <message>
        <source>There is no result to export yet.</source>
        <translation>Es gibt noch kein Ergebnis zum Exportieren.</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>%1 exportiert</translation>
    </message>
    <message>
        <source>There is no evolution to export yet.</source>
        <translation>Es gibt noch keine Entwicklung zum Exportieren.</translation>
    </message>
    <message>
        <source>The settings apply to this session but could not be saved to %1 (is it read-only, or the disk full?)</source>
        <translation>Die Einstellungen gelten für diese Sitzung, konnten aber nicht in %1 gespeichert werden (schreibgeschützt oder Datenträger voll?)</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::ExportDialog</name>
    <message>
        <source>Export Image</source>
        <translation>Bild exportieren</translation>
    </message>
    <message>
        <source>Export Evolution</source>
        <translation>Entwicklung exportieren</translation>
    </message>
    <message>
        <source>PNG, 8 bits per channel</source>
        <translation>PNG, 8 Bit pro Kanal</translation>
    </message>
    <message>
        <source>PNG, 16 bits per channel</source>
        <translation>PNG, 16 Bit pro Kanal</translation>
    </message>
    <message>
        <source>JPEG</source>
        <translation>JPEG</translation>
    </message>
    <message>
        <source>WebP</source>
        <translation>WebP</translation>
    </message>
    <message>
        <source>MP4 video</source>
        <translation>MP4-Video</translation>
    </message>
    <message>
        <source>PNG sequence (a folder of frames)</source>
        <translation>PNG-Folge (ein Ordner mit Einzelbildern)</translation>
    </message>
    <message>
        <source> fps</source>
        <translation> fps</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>Made with the demo model (random weights): not a real edit.</source>
        <translation>Mit dem Demomodell erstellt (Zufallsgewichte): keine echte Bearbeitung.</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>No metadata is written.</source>
        <translation>Es werden keine Metadaten geschrieben.</translation>
    </message>
    <message>
        <source>Metadata goes into JPEG comments; dropping the file onto the window restores the edit.</source>
        <translation>Die Metadaten kommen in JPEG-Kommentare; wird die Datei auf das Fenster gezogen, stellt das die Bearbeitung wieder her.</translation>
    </message>
    <message>
        <source>WebP keeps no text here: the metadata goes to a .json file beside the image.</source>
        <translation>WebP speichert hier keinen Text: die Metadaten kommen in eine .json-Datei neben dem Bild.</translation>
    </message>
    <message>
        <source>Metadata goes into PNG text chunks (&quot;parameters&quot; as other tools read it, and the full settings); dropping the file onto the window restores the edit.</source>
        <translation>Die Metadaten kommen in PNG-Textblöcke („parameters“, wie andere Programme es lesen, und die vollständigen Einstellungen); wird die Datei auf das Fenster gezogen, stellt das die Bearbeitung wieder her.</translation>
    </message>
    <message>
        <source>The engine works in 8 bits; 16-bit files suit editors that work in 16 bits.</source>
        <translation>Die Engine arbeitet mit 8 Bit; 16-Bit-Dateien eignen sich für Bildbearbeitungen, die mit 16 Bit arbeiten.</translation>
    </message>
    <message numerus="yes">
        <source>%n frame(s), MPEG-4 video.</source>
        <translation>
            <numerusform>%n Einzelbild, MPEG-4-Video.</numerusform>
            <numerusform>%n Einzelbilder, MPEG-4-Video.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n frame(s) as frame_0000.png, … and evolution.json in a new folder.</source>
        <translation>
            <numerusform>%n Einzelbild als frame_0000.png, … und evolution.json in einem neuen Ordner.</numerusform>
            <numerusform>%n Einzelbilder als frame_0000.png, … und evolution.json in einem neuen Ordner.</numerusform>
        </translation>
    </message>
    <message>
        <source>Folder to put the frame folder in</source>
        <translation>Ordner, in den der Einzelbild-Ordner kommt</translation>
    </message>
    <message>
        <source>Images (*.%1)</source>
        <translation>Bilder (*.%1)</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4-Video (*.mp4)</translation>
    </message>
    <message>
        <source>Choose where to export to.</source>
        <translation>Wählen Sie, wohin exportiert werden soll.</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Model output (%1 × %2)</source>
        <translation>Modellausgabe (%1 × %2)</translation>
    </message>
    <message>
        <source>Source picture (%1 × %2)</source>
        <translation>Ausgangsbild (%1 × %2)</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>&amp;Size:</source>
        <translation>&amp;Größe:</translation>
    </message>
    <message>
        <source>&amp;Quality:</source>
        <translation>&amp;Qualität:</translation>
    </message>
    <message>
        <source>Frame &amp;rate:</source>
        <translation>Bild&amp;rate:</translation>
    </message>
    <message>
        <source>Store the &amp;instruction, prompt, settings and seed in the file</source>
        <translation>Anwe&amp;isung, Prompt, Einstellungen und Seed in der Datei speichern</translation>
    </message>
    <message>
        <source>Also &amp;write them to a .json file beside it</source>
        <translation>Zusätzlich in eine .json-Datei daneben &amp;schreiben</translation>
    </message>
    <message>
        <source>Browse for where to save the evolution</source>
        <translation>Ordner zum Speichern der Entwicklung wählen</translation>
    </message>
    <message>
        <source>Browse for the file to write</source>
        <translation>Zu schreibende Datei wählen</translation>
    </message>
    <message>
        <source>Save &amp;to:</source>
        <translation>Speichern &amp;unter:</translation>
    </message>
    <message>
        <source>Fi&amp;le:</source>
        <translation>&amp;Datei:</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::FirstRunPanel</name>
    <message>
        <source>&lt;b&gt;No model weights configured yet&lt;/b&gt;</source>
        <translation>&lt;b&gt;Noch keine Modellgewichte eingerichtet&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Use the &amp;Demo Model</source>
        <translation>De&amp;momodell verwenden</translation>
    </message>
    <message>
        <source>Open &amp;Settings…</source>
        <translation>Ein&amp;stellungen öffnen …</translation>
    </message>
    <message>
        <source>&lt;b&gt;The model folder cannot be used&lt;/b&gt;</source>
        <translation>&lt;b&gt;Der Modellordner ist nicht verwendbar&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;tt&gt;%1&lt;/tt&gt;: %2</source>
        <translation>&lt;tt&gt;%1&lt;/tt&gt;: %2</translation>
    </message>
    <message>
        <source>IF-Edit Studio edits a picture by letting the &lt;b&gt;Wan2.2-I2V-A14B&lt;/b&gt; image-to-video model evolve it. Download the model (about 70 GB in bf16) from Hugging Face &amp;mdash; &lt;a href=&quot;https://huggingface.co/Wan-AI/Wan2.2-I2V-A14B&quot;&gt;Wan-AI/Wan2.2-I2V-A14B&lt;/a&gt; (a folder with &lt;tt&gt;high_noise_model/&lt;/tt&gt;, &lt;tt&gt;low_noise_model/&lt;/tt&gt;, &lt;tt&gt;models_t5_umt5-xxl-enc-bf16.pth&lt;/tt&gt;, &lt;tt&gt;Wan2.1_VAE.pth&lt;/tt&gt; and &lt;tt&gt;google/umt5-xxl/&lt;/tt&gt;), the Diffusers copy &lt;tt&gt;Wan-AI/Wan2.2-I2V-A14B-Diffusers&lt;/tt&gt;, or ComfyUI&amp;rsquo;s single files (fp8_scaled files are about half the size). For the fast 8-step recipe add the Wan2.2 Lightning I2V LoRA. Then point &lt;b&gt;Settings &amp;rsaquo; Model folder&lt;/b&gt; at that folder, or start &lt;tt&gt;ifedit --model FOLDER&lt;/tt&gt;. It runs on an NVIDIA GPU: the whole model takes about 72 GiB of its memory, and the memory modes fit smaller cards by keeping weights in RAM or in FP8 (Settings &amp;rsaquo; Model shows the plan for yours).&lt;br&gt;To try the editor first, use the &lt;b&gt;demo model&lt;/b&gt;: tiny random weights with the real structure. It runs every step in seconds, but its pictures are noise, labelled &lt;i&gt;random-weight output&lt;/i&gt;.</source>
        <translation>IF-Edit Studio bearbeitet ein Bild, indem es das Bild-zu-Video-Modell &lt;b&gt;Wan2.2-I2V-A14B&lt;/b&gt; das Bild weiterentwickeln lässt. Laden Sie das Modell (etwa 70 GB in bf16) von Hugging Face herunter &amp;mdash; &lt;a href=&quot;https://huggingface.co/Wan-AI/Wan2.2-I2V-A14B&quot;&gt;Wan-AI/Wan2.2-I2V-A14B&lt;/a&gt; (ein Ordner mit &lt;tt&gt;high_noise_model/&lt;/tt&gt;, &lt;tt&gt;low_noise_model/&lt;/tt&gt;, &lt;tt&gt;models_t5_umt5-xxl-enc-bf16.pth&lt;/tt&gt;, &lt;tt&gt;Wan2.1_VAE.pth&lt;/tt&gt; und &lt;tt&gt;google/umt5-xxl/&lt;/tt&gt;), die Diffusers-Fassung &lt;tt&gt;Wan-AI/Wan2.2-I2V-A14B-Diffusers&lt;/tt&gt; oder die Einzeldateien von ComfyUI (fp8_scaled-Dateien sind etwa halb so groß). Für das schnelle 8-Schritte-Rezept fügen Sie die Wan2.2-Lightning-I2V-LoRA hinzu. Geben Sie dann unter &lt;b&gt;Einstellungen &amp;rsaquo; Modellordner&lt;/b&gt; diesen Ordner an oder starten Sie &lt;tt&gt;ifedit --model ORDNER&lt;/tt&gt;. Es läuft auf einer NVIDIA-GPU: das ganze Modell belegt etwa 72 GiB ihres Speichers, und die Speichermodi passen es an kleinere Karten an, indem sie Gewichte im Arbeitsspeicher oder in FP8 halten (Einstellungen &amp;rsaquo; Modell zeigt den Plan für Ihre).&lt;br&gt;Um den Editor zuerst auszuprobieren, verwenden Sie das &lt;b&gt;Demomodell&lt;/b&gt;: winzige Zufallsgewichte mit der echten Struktur. Es durchläuft jeden Schritt in Sekunden, aber seine Bilder sind Rauschen, gekennzeichnet als &lt;i&gt;Zufallsgewicht-Ausgabe&lt;/i&gt;.</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::HistoryPanel</name>
    <message>
        <source>&amp;Use Result as Source</source>
        <translation>Ergebnis als &amp;Quelle verwenden</translation>
    </message>
    <message>
        <source>Continue editing from the result on the canvas (chains edits)</source>
        <translation>Mit dem Ergebnis auf der Zeichenfläche weiterbearbeiten (verkettet Bearbeitungen)</translation>
    </message>
    <message>
        <source>Leave this evolution?</source>
        <translation>Diese Entwicklung verlassen?</translation>
    </message>
    <message>
        <source>This evolution has not been refined, so it is not in the history yet: going to another edit discards it.</source>
        <translation>Diese Entwicklung wurde noch nicht verfeinert und steht daher noch nicht im Verlauf: der Wechsel zu einer anderen Bearbeitung verwirft sie.</translation>
    </message>
    <message>
        <source>&amp;Discard and Go</source>
        <translation>&amp;Verwerfen und wechseln</translation>
    </message>
    <message>
        <source>C&amp;lear History</source>
        <translation>Verlauf &amp;leeren</translation>
    </message>
    <message>
        <source>Forget the edits listed here (they are kept in memory until then)</source>
        <translation>Die hier aufgeführten Bearbeitungen vergessen (bis dahin bleiben sie im Speicher)</translation>
    </message>
    <message>
        <source>Clear the history?</source>
        <translation>Verlauf leeren?</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s) in the history were not exported and will be lost.</source>
        <translation>
            <numerusform>%n Ergebnis im Verlauf wurde nicht exportiert und geht verloren.</numerusform>
            <numerusform>%n Ergebnisse im Verlauf wurden nicht exportiert und gehen verloren.</numerusform>
        </translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Leeren</translation>
    </message>
    <message>
        <source>Edits of this session</source>
        <translation>Bearbeitungen dieser Sitzung</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Source: %2&lt;br&gt;%3: %4&lt;br&gt;%5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Quelle: %2&lt;br&gt;%3: %4&lt;br&gt;%5</translation>
    </message>
    <message>
        <source>The instruction or prompt holds your own words, not used by a run yet: the edit&apos;s own replace them.</source>
        <translation>Anweisung oder Prompt enthalten Ihre eigenen Worte, die noch kein Lauf verwendet hat: die des Bearbeitungsschritts ersetzen sie.</translation>
    </message>
    <message>
        <source>Replace your words?</source>
        <translation>Ihre Worte ersetzen?</translation>
    </message>
    <message>
        <source>&amp;Go to the Edit</source>
        <translation>Zum Bearbeitungsschritt &amp;wechseln</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::InstructionBox</name>
    <message>
        <source>Describe the edit, e.g. “make it night, with the street lamps lit”</source>
        <translation>Beschreiben Sie die Bearbeitung, z. B. „mach es Nacht, mit brennenden Straßenlaternen“</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>Ausfüh&amp;ren</translation>
    </message>
    <message>
        <source>Ctrl+Enter runs</source>
        <translation>Strg+Eingabe führt aus</translation>
    </message>
    <message>
        <source>Run the edit (Ctrl+Enter)</source>
        <translation>Bearbeitung ausführen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>No session.</source>
        <translation>Keine Sitzung.</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>Anweisung</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::MainWindow</name>
    <message>
        <source>Images (%1)</source>
        <translation>Bilder (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>Anweisung</translation>
    </message>
    <message>
        <source>Temporal Prompt</source>
        <translation>Zeitlicher Prompt</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>The edit failed</source>
        <translation>Die Bearbeitung ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>The VLM could not write the prompt: see the prompt panel for what to do.</source>
        <translation>Das VLM konnte den Prompt nicht schreiben: im Prompt-Bereich steht, was Sie tun können.</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <source>Cannot open image</source>
        <translation>Bild kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>Bild öffnen</translation>
    </message>
    <message>
        <source>Pasted image</source>
        <translation>Eingefügtes Bild</translation>
    </message>
    <message>
        <source>Pasted a %1 × %2 picture</source>
        <translation>Ein Bild mit %1 × %2 eingefügt</translation>
    </message>
    <message>
        <source>Cannot paste</source>
        <translation>Einfügen nicht möglich</translation>
    </message>
    <message>
        <source>The clipboard holds no picture.</source>
        <translation>Die Zwischenablage enthält kein Bild.</translation>
    </message>
    <message>
        <source>About %1</source>
        <translation>Über %1</translation>
    </message>
    <message>
        <source>&lt;h3&gt;%1 %2&lt;/h3&gt;&lt;p&gt;Edits a picture by letting an image-to-video model evolve it, then picks and refines the frame where the edit has happened (the IF-Edit method).&lt;/p&gt;&lt;p&gt;Model: Wan2.2-I2V-A14B. The bundled demo model has random weights: what it makes is random-weight output, not an edit.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;%1 %2&lt;/h3&gt;&lt;p&gt;Bearbeitet ein Bild, indem ein Bild-zu-Video-Modell es weiterentwickelt, und wählt und verfeinert dann das Einzelbild, in dem die Bearbeitung geschehen ist (die IF-Edit-Methode).&lt;/p&gt;&lt;p&gt;Modell: Wan2.2-I2V-A14B. Das mitgelieferte Demomodell hat Zufallsgewichte: was es erzeugt, ist Zufallsgewicht-Ausgabe, keine Bearbeitung.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Finish with Chosen Frame (refinement off)</source>
        <translation>Mit gewähltem Einzelbild &amp;abschließen (Verfeinerung aus)</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>&amp;Rückgängig: %1</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>&amp;Wiederherstellen: %1</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>Dropped image</source>
        <translation>Abgelegtes Bild</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>&amp;Paste Image</source>
        <translation>Bild &amp;einfügen</translation>
    </message>
    <message>
        <source>&amp;Clear Recent Files</source>
        <translation>Liste &amp;leeren</translation>
    </message>
    <message>
        <source>&amp;Export Result…</source>
        <translation>Ergebnis e&amp;xportieren …</translation>
    </message>
    <message>
        <source>Exporting arrives with the export dialog.</source>
        <translation>Exportieren kommt mit dem Export-Dialog.</translation>
    </message>
    <message>
        <source>Export E&amp;volution…</source>
        <translation>Ent&amp;wicklung exportieren …</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>Ein&amp;stellungen …</translation>
    </message>
    <message>
        <source>Settings arrive with the settings dialog.</source>
        <translation>Einstellungen kommen mit dem Einstellungsdialog.</translation>
    </message>
    <message>
        <source>&amp;Write Prompt</source>
        <translation>Prompt s&amp;chreiben</translation>
    </message>
    <message>
        <source>&amp;Approve Prompt and Run</source>
        <translation>Prompt &amp;freigeben und ausführen</translation>
    </message>
    <message>
        <source>Re&amp;generate Prompt</source>
        <translation>Prompt neu &amp;erzeugen</translation>
    </message>
    <message>
        <source>Use Offline &amp;Template</source>
        <translation>Offline-&amp;Vorlage verwenden</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>Ab&amp;brechen</translation>
    </message>
    <message>
        <source>Use the &amp;Demo Model (random weights)</source>
        <translation>&amp;Demomodell verwenden (Zufallsgewichte)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>&amp;Fit in Window</source>
        <translation>In Fenster &amp;einpassen</translation>
    </message>
    <message>
        <source>&amp;Actual Size (100%)</source>
        <translation>&amp;Originalgröße (100 %)</translation>
    </message>
    <message>
        <source>&amp;Split Before/After</source>
        <translation>Vorher/Nachher &amp;teilen</translation>
    </message>
    <message>
        <source>Show &amp;Before (toggle)</source>
        <translation>&amp;Vorher zeigen (umschalten)</translation>
    </message>
    <message>
        <source>&amp;Play/Pause Evolution</source>
        <translation>Entwicklung &amp;abspielen/anhalten</translation>
    </message>
    <message>
        <source>Pre&amp;vious Frame</source>
        <translation>Vo&amp;riges Einzelbild</translation>
    </message>
    <message>
        <source>&amp;Next Frame</source>
        <translation>&amp;Nächstes Einzelbild</translation>
    </message>
    <message>
        <source>&amp;About %1</source>
        <translation>&amp;Über %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>(no recent files)</source>
        <translation>(keine zuletzt geöffneten Dateien)</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>%1 × %2 px  ·  %3%</source>
        <translation>%1 × %2 px  ·  %3 %</translation>
    </message>
    <message>
        <source>Restored the instruction, prompt, settings and seed of %1</source>
        <translation>Anweisung, Prompt, Einstellungen und Seed von %1 wiederhergestellt</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>Werkzeugleiste</translation>
    </message>
    <message>
        <source>Restored the prompt of %1 (written by another tool: its settings were left as they are)</source>
        <translation>Prompt von %1 wiederhergestellt (von einem anderen Programm geschrieben: seine Einstellungen wurden nicht übernommen)</translation>
    </message>
    <message>
        <source>Opened %1; its IF-Edit metadata could not be read: %2</source>
        <translation>%1 geöffnet; seine IF-Edit-Metadaten konnten nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Quit %1?</source>
        <translation>%1 beenden?</translation>
    </message>
    <message>
        <source>Quitting now loses %1.</source>
        <translation>Beenden verwirft jetzt %1.</translation>
    </message>
    <message>
        <source>&amp;Quit Anyway</source>
        <translation>Trotzdem &amp;beenden</translation>
    </message>
    <message>
        <source>%1 × %2 px over the %3 × %4 source  ·  %5%</source>
        <translation>%1 × %2 px über der %3 × %4 großen Quelle  ·  %5 %</translation>
    </message>
    <message>
        <source>Replace your prompt?</source>
        <translation>Ihren Prompt ersetzen?</translation>
    </message>
    <message>
        <source>The prompt holds your own words, not used by a run yet: a new prompt replaces them.</source>
        <translation>Der Prompt enthält Ihre eigenen Worte, die noch kein Lauf verwendet hat: ein neuer Prompt ersetzt sie.</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>&amp;Ersetzen</translation>
    </message>
    <message>
        <source>&amp;Keep My Prompt</source>
        <translation>Meinen Prompt &amp;behalten</translation>
    </message>
    <message>
        <source>Re&amp;fine Chosen Frame</source>
        <translation>Gewähltes Einzelbild verfei&amp;nern</translation>
    </message>
    <message>
        <source>Run Instruction as &amp;Is</source>
        <translation>Anweisung &amp;unverändert ausführen</translation>
    </message>
    <message>
        <source>Use Result as S&amp;ource</source>
        <translation>Ergebnis als &amp;Quelle verwenden</translation>
    </message>
    <message>
        <source>Leave this evolution?</source>
        <translation>Diese Entwicklung verlassen?</translation>
    </message>
    <message>
        <source>This evolution has not been refined, so it is not in the history yet: another picture discards it.</source>
        <translation>Diese Entwicklung wurde noch nicht verfeinert und steht daher noch nicht im Verlauf: ein anderes Bild verwirft sie.</translation>
    </message>
    <message>
        <source>&amp;Discard and Open</source>
        <translation>&amp;Verwerfen und öffnen</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::PromptReviewPanel</name>
    <message>
        <source>The temporal prompt appears here: how the picture evolves into the edit.</source>
        <translation>Hier erscheint der zeitliche Prompt: wie sich das Bild zur Bearbeitung hin entwickelt.</translation>
    </message>
    <message>
        <source>Use the Offline &amp;Template</source>
        <translation>Offline-&amp;Vorlage verwenden</translation>
    </message>
    <message>
        <source>&amp;Approve and Run</source>
        <translation>&amp;Freigeben und ausführen</translation>
    </message>
    <message>
        <source>Evolve the picture with this prompt (Ctrl+Enter in the prompt)</source>
        <translation>Das Bild mit diesem Prompt entwickeln (Strg+Eingabe im Prompt)</translation>
    </message>
    <message>
        <source>Re&amp;generate</source>
        <translation>Neu &amp;erzeugen</translation>
    </message>
    <message>
        <source>Let the VLM (or the template) write the prompt again</source>
        <translation>Das VLM (oder die Vorlage) den Prompt neu schreiben lassen</translation>
    </message>
    <message>
        <source>Skip the rewrite: run with the instruction itself as the prompt</source>
        <translation>Umformulierung überspringen: mit der Anweisung selbst als Prompt ausführen</translation>
    </message>
    <message>
        <source>Type an instruction and press Ctrl+Enter: the prompt is written here for you to review.</source>
        <translation>Geben Sie eine Anweisung ein und drücken Sie Strg+Eingabe: der Prompt wird hier zur Prüfung geschrieben.</translation>
    </message>
    <message>
        <source>The VLM could not write the prompt: %1
You can let the offline template write it, run the instruction as it is, or try again.</source>
        <translation>Das VLM konnte den Prompt nicht schreiben: %1
Sie können die Offline-Vorlage schreiben lassen, die Anweisung unverändert ausführen oder es noch einmal versuchen.</translation>
    </message>
    <message>
        <source>Temporal prompt</source>
        <translation>Zeitlicher Prompt</translation>
    </message>
    <message>
        <source>The offline template could not write the prompt: %1
Write the prompt yourself, run the instruction as it is, or reword the instruction.</source>
        <translation>Die Offline-Vorlage konnte den Prompt nicht schreiben: %1
Schreiben Sie den Prompt selbst, führen Sie die Anweisung unverändert aus oder formulieren Sie die Anweisung um.</translation>
    </message>
    <message>
        <source>The VLM could not write a new prompt: %1
The prompt you had is kept below. You can approve it, let the offline template write one, or try again.</source>
        <translation>Das VLM konnte keinen neuen Prompt schreiben: %1
Ihr bisheriger Prompt steht weiter unten. Sie können ihn freigeben, die Offline-Vorlage einen schreiben lassen oder es erneut versuchen.</translation>
    </message>
    <message>
        <source>Use Instruction as &amp;Is</source>
        <translation>Anweisung &amp;unverändert verwenden</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::RunProgressPanel</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop the running step (%1)</source>
        <translation>Den laufenden Schritt anhalten (%1)</translation>
    </message>
    <message>
        <source> · %1 of %2 frames decoded</source>
        <translation> · %1 von %2 Einzelbildern dekodiert</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>Sampling</translation>
    </message>
    <message>
        <source>Dropout &amp;&amp; refinement</source>
        <translation>Dropout &amp;&amp; Verfeinerung</translation>
    </message>
    <message>
        <source>Prompt assistant</source>
        <translation>Prompt-Assistent</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>Oberfläche</translation>
    </message>
    <message>
        <source>A folder with Wan2.2-I2V-A14B in the official, Diffusers or ComfyUI layout.</source>
        <translation>Ein Ordner mit Wan2.2-I2V-A14B im offiziellen, Diffusers- oder ComfyUI-Layout.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>Detected:</source>
        <translation>Erkannt:</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>Teil</translation>
    </message>
    <message>
        <source>Found at</source>
        <translation>Gefunden in</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Automatic (bf16 on GPU, f32 on CPU)</source>
        <translation>Automatisch (bf16 auf der GPU, f32 auf der CPU)</translation>
    </message>
    <message>
        <source>f32 (full precision)</source>
        <translation>f32 (volle Genauigkeit)</translation>
    </message>
    <message>
        <source>bf16 (half the memory)</source>
        <translation>bf16 (halber Speicher)</translation>
    </message>
    <message>
        <source>Model changes apply to the next run; the models stay loaded between edits.</source>
        <translation>Modelländerungen gelten ab dem nächsten Lauf; die Modelle bleiben zwischen Bearbeitungen geladen.</translation>
    </message>
    <message>
        <source>Wan needs 4n+1 frames; other values are rounded.</source>
        <translation>Wan braucht 4n+1 Einzelbilder; andere Werte werden gerundet.</translation>
    </message>
    <message>
        <source>Euler (Lightning, as in the paper)</source>
        <translation>Euler (Lightning, wie im Paper)</translation>
    </message>
    <message>
        <source>UniPC (official Wan sampler)</source>
        <translation>UniPC (offizieller Wan-Sampler)</translation>
    </message>
    <message>
        <source>DPM++</source>
        <translation>DPM++</translation>
    </message>
    <message>
        <source>Guidance 1 skips the negative pass (twice as fast); Lightning LoRAs expect 1.</source>
        <translation>Guidance 1 lässt den negativen Durchlauf weg (doppelt so schnell); Lightning-LoRAs erwarten 1.</translation>
    </message>
    <message>
        <source>%1 × %2 (%3 pixels)</source>
        <translation>%1 × %2 (%3 Pixel)</translation>
    </message>
    <message>
        <source>Keeps every K-th latent frame once the noise is low, so the late steps cost less.</source>
        <translation>Behält jedes K-te latente Einzelbild, sobald das Rauschen gering ist; so kosten die späten Schritte weniger.</translation>
    </message>
    <message>
        <source>Last frame (default)</source>
        <translation>Letztes Einzelbild (Standard)</translation>
    </message>
    <message>
        <source>First frame</source>
        <translation>Erstes Einzelbild</translation>
    </message>
    <message>
        <source>Keep original positions (default)</source>
        <translation>Ursprüngliche Positionen behalten (Standard)</translation>
    </message>
    <message>
        <source>Renumber kept frames</source>
        <translation>Behaltene Einzelbilder neu nummerieren</translation>
    </message>
    <message>
        <source>A vision-language model turns your instruction into a temporal prompt. Without one, an offline template writes it.</source>
        <translation>Ein Vision-Language-Modell macht aus Ihrer Anweisung einen zeitlichen Prompt. Ohne eines schreibt ihn eine Offline-Vorlage.</translation>
    </message>
    <message>
        <source>%1 at %2 with %3</source>
        <translation>%1 unter %2 mit %3</translation>
    </message>
    <message>
        <source>e.g. http://localhost:8000/v1 (empty: offline template)</source>
        <translation>z. B. http://localhost:8000/v1 (leer: Offline-Vorlage)</translation>
    </message>
    <message>
        <source>only for hosted services</source>
        <translation>nur für gehostete Dienste</translation>
    </message>
    <message>
        <source>The API key cannot be set here.</source>
        <translation>Der API-Schlüssel kann hier nicht gesetzt werden.</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>A new language applies the next time IF-Edit Studio starts.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start von IF-Edit Studio.</translation>
    </message>
    <message>
        <source>Prompt assistant endpoint: &apos;%1&apos; is not an http(s) address such as http://localhost:8000/v1.</source>
        <translation>Endpunkt des Prompt-Assistenten: „%1“ ist keine http(s)-Adresse wie http://localhost:8000/v1.</translation>
    </message>
    <message>
        <source>No model folder chosen. Download Wan2.2-I2V-A14B (official, Diffusers or ComfyUI files) and choose its folder, or use the demo model.</source>
        <translation>Kein Modellordner gewählt. Laden Sie Wan2.2-I2V-A14B herunter (offizielle, Diffusers- oder ComfyUI-Dateien) und wählen Sie seinen Ordner, oder verwenden Sie das Demomodell.</translation>
    </message>
    <message>
        <source>Cannot use this folder: %1</source>
        <translation>Dieser Ordner ist nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>official Wan2.2 layout</source>
        <translation>offizielles Wan2.2-Layout</translation>
    </message>
    <message>
        <source>Diffusers layout</source>
        <translation>Diffusers-Layout</translation>
    </message>
    <message>
        <source>ComfyUI files</source>
        <translation>ComfyUI-Dateien</translation>
    </message>
    <message>
        <source>no Wan2.2-I2V-A14B model set</source>
        <translation>kein Wan2.2-I2V-A14B-Modellsatz</translation>
    </message>
    <message>
        <source>%1, complete</source>
        <translation>%1, vollständig</translation>
    </message>
    <message>
        <source>Demo model: random weights, every output is labelled as such.</source>
        <translation>Demomodell: Zufallsgewichte, jede Ausgabe ist entsprechend gekennzeichnet.</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>Missing: %1</source>
        <translation>Fehlt: %1</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Hinweis: %1</translation>
    </message>
    <message>
        <source>Choose the model folder</source>
        <translation>Modellordner wählen</translation>
    </message>
    <message>
        <source>Choose a LoRA file</source>
        <translation>LoRA-Datei wählen</translation>
    </message>
    <message>
        <source>LoRA weights (*.safetensors);;All files (*)</source>
        <translation>LoRA-Gewichte (*.safetensors);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>%1 pixels (custom)</source>
        <translation>%1 Pixel (eigene)</translation>
    </message>
    <message>
        <source>Automatic (from the free GPU memory)</source>
        <translation>Automatisch (nach freiem GPU-Speicher)</translation>
    </message>
    <message>
        <source>Resident (everything on the GPU, fastest)</source>
        <translation>Resident (alles auf der GPU, am schnellsten)</translation>
    </message>
    <message>
        <source>Swap (one expert on the GPU at a time)</source>
        <translation>Wechsel (jeweils ein Experte auf der GPU)</translation>
    </message>
    <message>
        <source>FP8 (both experts on the GPU in FP8, half the memory)</source>
        <translation>FP8 (beide Experten in FP8 auf der GPU, halber Speicher)</translation>
    </message>
    <message>
        <source>Low VRAM (FP8 blocks streamed from host memory)</source>
        <translation>Wenig VRAM (FP8-Blöcke aus dem Hauptspeicher gestreamt)</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>How many tokens the VLM may write. A thinking model reasons before it answers: give it 8192 or more.</source>
        <translation>Wie viele Tokens das VLM schreiben darf. Ein denkendes Modell überlegt, bevor es antwortet: geben Sie ihm 8192 oder mehr.</translation>
    </message>
    <message>
        <source>GPU memory: &apos;%1&apos; needs a GPU; with the CPU as device choose Automatic or Resident.</source>
        <translation>GPU-Speicher: „%1“ braucht eine GPU; mit der CPU als Gerät wählen Sie Automatisch oder Resident.</translation>
    </message>
    <message>
        <source>Empty: the built-in negative prompt (used whenever guidance is not 1; at 0 it alone steers)</source>
        <translation>Leer: der eingebaute Negativ-Prompt (wird verwendet, wenn die Guidance nicht 1 ist; bei 0 steuert er allein)</translation>
    </message>
    <message>
        <source>LoRA, high-noise expert: %1 is not a file.</source>
        <translation>LoRA, Hochrausch-Experte: %1 ist keine Datei.</translation>
    </message>
    <message>
        <source>LoRA, low-noise expert: %1 is not a file.</source>
        <translation>LoRA, Niedrigrausch-Experte: %1 ist keine Datei.</translation>
    </message>
    <message>
        <source>Model folder: %1
Runs will fail with it: press OK again to keep it anyway.</source>
        <translation>Modellordner: %1
Läufe werden damit fehlschlagen: drücken Sie erneut OK, um ihn trotzdem zu behalten.</translation>
    </message>
    <message>
        <source>These sampling settings (Euler, steps: %1, guidance 1) are the Lightning recipe: it needs the Wan2.2 Lightning I2V LoRAs, one per expert. Without them, choose UniPC with 40 steps and guidance 3.5 on the Sampling tab.</source>
        <translation>Diese Sampling-Einstellungen (Euler, Schritte: %1, Guidance 1) sind das Lightning-Rezept: es braucht die Wan2.2-Lightning-I2V-LoRAs, eines pro Experte. Ohne sie wählen Sie auf der Registerkarte Sampling UniPC mit 40 Schritten und Guidance 3,5.</translation>
    </message>
    <message>
        <source>%1, parts missing: %2</source>
        <translation>%1, fehlende Teile: %2</translation>
    </message>
    <message>
        <source>This is %1, not Wan2.2-I2V-A14B: download Wan-AI/Wan2.2-I2V-A14B.</source>
        <translation>Das ist %1, nicht Wan2.2-I2V-A14B: laden Sie Wan-AI/Wan2.2-I2V-A14B herunter.</translation>
    </message>
    <message>
        <source>How strongly the LoRAs change each expert: 1 as trained, 0 not at all (−4 to 4).</source>
        <translation>Wie stark die LoRAs jeden Experten verändern: 1 wie trainiert, 0 gar nicht (−4 bis 4).</translation>
    </message>
    <message>
        <source>Denoising steps (1–1000): 8 with the Lightning LoRAs and Euler, about 40 with UniPC.</source>
        <translation>Entrauschungsschritte (1–1000): 8 mit den Lightning-LoRAs und Euler, etwa 40 mit UniPC.</translation>
    </message>
    <message>
        <source>Moves the noise schedule towards the noisy end (0.001–1000); Wan uses 5.</source>
        <translation>Verschiebt den Rauschplan zum verrauschten Ende hin (0,001–1000); Wan verwendet 5.</translation>
    </message>
    <message>
        <source>Euler for the Lightning LoRAs (few steps); UniPC is the official sampler, for about 40 steps.</source>
        <translation>Euler für die Lightning-LoRAs (wenige Schritte); UniPC ist der offizielle Sampler, für etwa 40 Schritte.</translation>
    </message>
    <message>
        <source>Classifier-free guidance, 0–100: 1 runs no negative pass; the official recipe uses 3.5.</source>
        <translation>Classifier-free Guidance, 0–100: bei 1 läuft kein negativer Durchlauf; das offizielle Rezept verwendet 3,5.</translation>
    </message>
    <message>
        <source>A pixel budget, not a fixed size: the working size keeps the picture&apos;s aspect ratio (a landscape picture at 480 × 832 runs at 832 × 480). The result is exported at the source&apos;s size.</source>
        <translation>Ein Pixelbudget, keine feste Größe: die Arbeitsgröße behält das Seitenverhältnis des Bildes (ein Querformat läuft bei 480 × 832 mit 832 × 480). Das Ergebnis wird in der Größe der Quelle exportiert.</translation>
    </message>
    <message>
        <source>The same seed, picture, prompt and settings give the same result (the noise is drawn on the CPU).</source>
        <translation>Gleicher Seed, gleiches Bild, gleicher Prompt und gleiche Einstellungen ergeben dasselbe Ergebnis (das Rauschen wird auf der CPU gezogen).</translation>
    </message>
    <message>
        <source>Keeps the first and last latent frames and every K-th counted back from the last; K 1 keeps all.</source>
        <translation>Behält das erste und letzte latente Einzelbild und jedes K-te, vom letzten aus rückwärts gezählt; K 1 behält alle.</translation>
    </message>
    <message>
        <source>Dropout happens at the first step whose timestep is below this × 1000; 0.9 is the switch to the low-noise expert.</source>
        <translation>Der Dropout geschieht beim ersten Schritt, dessen Zeitschritt unter diesem Wert × 1000 liegt; 0,9 ist der Wechsel zum Niedrigrausch-Experten.</translation>
    </message>
    <message>
        <source>Which end the every-K-th count starts from; the last frame is always kept.</source>
        <translation>Von welchem Ende aus jedes K-te gezählt wird; das letzte Einzelbild bleibt immer erhalten.</translation>
    </message>
    <message>
        <source>Whether kept frames keep their place in time for the model, or are renumbered 0, 1, 2, …</source>
        <translation>Ob behaltene Einzelbilder für das Modell ihren Platz in der Zeit behalten oder neu nummeriert werden (0, 1, 2, …)</translation>
    </message>
    <message>
        <source>Frames of the refinement clip (4n+1, other values are rounded); it runs with dropout on.</source>
        <translation>Einzelbilder des Verfeinerungsclips (4n+1, andere Werte werden gerundet); er läuft mit Dropout.</translation>
    </message>
    <message>
        <source>as the server names it, e.g. Qwen/Qwen3-VL-8B-Instruct</source>
        <translation>wie der Server es nennt, z. B. Qwen/Qwen3-VL-8B-Instruct</translation>
    </message>
    <message>
        <source>Where the models run. The A14B models need a CUDA GPU; the CPU suits the demo model.</source>
        <translation>Wo die Modelle laufen. Die A14B-Modelle brauchen eine CUDA-GPU; die CPU eignet sich für das Demo-Modell.</translation>
    </message>
    <message>
        <source>unnamed</source>
        <translation>ohne Namen</translation>
    </message>
    <message>
        <source>GPU %1: %2</source>
        <translation>GPU %1: %2</translation>
    </message>
    <message>
        <source>GPU %1: %2, %3</source>
        <translation>GPU %1: %2, %3</translation>
    </message>
    <message>
        <source>Automatic (the CPU: no GPU here)</source>
        <translation>Automatisch (die CPU: keine GPU vorhanden)</translation>
    </message>
    <message>
        <source>Automatic (%1)</source>
        <translation>Automatisch (%1)</translation>
    </message>
    <message>
        <source>GPU: none found</source>
        <translation>GPU: keine gefunden</translation>
    </message>
    <message>
        <source>GPU: this build has no CUDA</source>
        <translation>GPU: dieser Build hat kein CUDA</translation>
    </message>
    <message>
        <source>No CUDA GPU is visible (see nvidia-smi and CUDA_VISIBLE_DEVICES): edits run on the CPU, which suits the demo model only.</source>
        <translation>Keine CUDA-GPU sichtbar (siehe nvidia-smi und CUDA_VISIBLE_DEVICES): Bearbeitungen laufen auf der CPU, die sich nur für das Demo-Modell eignet.</translation>
    </message>
    <message>
        <source>This build of IF-Edit Studio was made without CUDA: edits run on the CPU, which suits the demo model only.</source>
        <translation>Dieser Build von IF-Edit Studio wurde ohne CUDA erstellt: Bearbeitungen laufen auf der CPU, die sich nur für das Demo-Modell eignet.</translation>
    </message>
    <message>
        <source>%1 (not found here)</source>
        <translation>%1 (hier nicht gefunden)</translation>
    </message>
    <message>
        <source>Memory: cannot plan (%1).</source>
        <translation>Speicher: keine Planung möglich (%1).</translation>
    </message>
    <message>
        <source>On the CPU every model stays in RAM: about %1, with %2 available now.</source>
        <translation>Auf der CPU bleiben alle Modelle im Arbeitsspeicher: etwa %1, bei derzeit %2 verfügbar.</translation>
    </message>
    <message>
        <source>On the CPU every model stays in RAM: about %1.</source>
        <translation>Auf der CPU bleiben alle Modelle im Arbeitsspeicher: etwa %1.</translation>
    </message>
    <message>
        <source>Resident</source>
        <translation>Resident</translation>
    </message>
    <message>
        <source>Swap</source>
        <translation>Swap</translation>
    </message>
    <message>
        <source>FP8</source>
        <translation>FP8</translation>
    </message>
    <message>
        <source>Low VRAM</source>
        <translation>Wenig VRAM</translation>
    </message>
    <message>
        <source>about %1 of GPU memory, %2 free</source>
        <translation>etwa %1 GPU-Speicher, %2 frei</translation>
    </message>
    <message>
        <source>about %1 of GPU memory</source>
        <translation>etwa %1 GPU-Speicher</translation>
    </message>
    <message>
        <source>Automatic chooses %1 here: %2.</source>
        <translation>Automatisch wählt hier %1: %2.</translation>
    </message>
    <message>
        <source>%1: %2.</source>
        <translation>%1: %2.</translation>
    </message>
    <message>
        <source>Nothing stays in RAM.</source>
        <translation>Nichts bleibt im Arbeitsspeicher.</translation>
    </message>
    <message>
        <source>RAM: about %1, with %2 available now.</source>
        <translation>Arbeitsspeicher: etwa %1, derzeit %2 verfügbar.</translation>
    </message>
    <message>
        <source>RAM: about %1.</source>
        <translation>Arbeitsspeicher: etwa %1.</translation>
    </message>
    <message>
        <source>It may not fit: close other programs that use the GPU, or choose a mode that needs less.</source>
        <translation>Es passt womöglich nicht: schließen Sie andere Programme, die die GPU nutzen, oder wählen Sie einen sparsameren Modus.</translation>
    </message>
    <message>
        <source>Too little RAM: loading will be refused. Close other programs, or choose a mode that keeps less in RAM.</source>
        <translation>Zu wenig Arbeitsspeicher: das Laden wird abgelehnt. Schließen Sie andere Programme oder wählen Sie einen Modus, der weniger im Arbeitsspeicher hält.</translation>
    </message>
    <message>
        <source>It may not fit: close other programs that use the GPU.</source>
        <translation>Es passt womöglich nicht: schließen Sie andere Programme, die die GPU nutzen.</translation>
    </message>
    <message>
        <source>Too little RAM: loading will be refused. Close other programs.</source>
        <translation>Zu wenig Arbeitsspeicher: das Laden wird abgelehnt. Schließen Sie andere Programme.</translation>
    </message>
    <message>
        <source>Too little RAM: loading will be refused. Run it on a GPU, or choose bf16 precision to halve it.</source>
        <translation>Zu wenig Arbeitsspeicher: das Laden wird abgelehnt. Führen Sie es auf einer GPU aus, oder wählen Sie bf16-Genauigkeit, um ihn zu halbieren.</translation>
    </message>
    <message>
        <source>First GPU (%1)</source>
        <translation>Erste GPU (%1)</translation>
    </message>
    <message>
        <source>Too little RAM: loading will be refused. Run it on a GPU.</source>
        <translation>Zu wenig Arbeitsspeicher: das Laden wird abgelehnt. Führen Sie es auf einer GPU aus.</translation>
    </message>
    <message>
        <source>Running the text encoder on the CPU would make it fit.</source>
        <translation>Mit dem Text-Encoder auf der CPU würde es passen.</translation>
    </message>
    <message>
        <source>Keeping the text encoder on the GPU would make it fit.</source>
        <translation>Mit dem Text-Encoder auf der GPU würde es passen.</translation>
    </message>
    <message>
        <source>No memory plan: %1 is not a GPU of this computer.</source>
        <translation>Kein Speicherplan: %1 ist keine GPU dieses Computers.</translation>
    </message>
    <message>
        <source>Browse for the model folder</source>
        <translation>Modellordner wählen</translation>
    </message>
    <message>
        <source>&amp;Model folder:</source>
        <translation>&amp;Modellordner:</translation>
    </message>
    <message>
        <source>Use the &amp;demo model (tiny random weights: shows the workflow, not real edits)</source>
        <translation>&amp;Demomodell verwenden (winzige Zufallsgewichte: zeigt den Ablauf, keine echten Bearbeitungen)</translation>
    </message>
    <message>
        <source>LoRA, &amp;high-noise expert:</source>
        <translation>LoRA, &amp;Hochrausch-Experte:</translation>
    </message>
    <message>
        <source>Browse for the high-noise expert&apos;s LoRA</source>
        <translation>LoRA des Hochrausch-Experten wählen</translation>
    </message>
    <message>
        <source>LoRA, &amp;low-noise expert:</source>
        <translation>LoRA, &amp;Niedrigrausch-Experte:</translation>
    </message>
    <message>
        <source>Browse for the low-noise expert&apos;s LoRA</source>
        <translation>LoRA des Niedrigrausch-Experten wählen</translation>
    </message>
    <message>
        <source>LoRA &amp;strength:</source>
        <translation>LoRA-&amp;Stärke:</translation>
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <source>&amp;Precision:</source>
        <translation>Gena&amp;uigkeit:</translation>
    </message>
    <message>
        <source>&amp;GPU memory:</source>
        <translation>GPU-S&amp;peicher:</translation>
    </message>
    <message>
        <source>Run the &amp;text encoder on the CPU (saves about 11 GB of GPU memory)</source>
        <translation>&amp;Textencoder auf der CPU ausführen (spart etwa 11 GB GPU-Speicher)</translation>
    </message>
    <message>
        <source>&amp;Frames:</source>
        <translation>&amp;Einzelbilder:</translation>
    </message>
    <message>
        <source>S&amp;teps:</source>
        <translation>Sch&amp;ritte:</translation>
    </message>
    <message>
        <source>S&amp;hift:</source>
        <translation>Shi&amp;ft:</translation>
    </message>
    <message>
        <source>So&amp;lver:</source>
        <translation>&amp;Löser:</translation>
    </message>
    <message>
        <source>Guidance, h&amp;igh-noise expert:</source>
        <translation>Guidance, &amp;Hochrausch-Experte:</translation>
    </message>
    <message>
        <source>Guidance, lo&amp;w-noise expert:</source>
        <translation>Guidance, &amp;Niedrigrausch-Experte:</translation>
    </message>
    <message>
        <source>Working re&amp;solution:</source>
        <translation>Arbeitsauflö&amp;sung:</translation>
    </message>
    <message>
        <source>&amp;Negative prompt:</source>
        <translation>Negati&amp;ver Prompt:</translation>
    </message>
    <message>
        <source>Random for ever&amp;y run</source>
        <translation>Zufällig bei jedem La&amp;uf</translation>
    </message>
    <message>
        <source>Fi&amp;xed:</source>
        <translation>Fes&amp;t:</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>See&amp;d:</translation>
    </message>
    <message>
        <source>Temporal Latent &amp;Dropout</source>
        <translation>Temporal Latent &amp;Dropout</translation>
    </message>
    <message>
        <source>&amp;Keep every K-th frame, K:</source>
        <translation>&amp;Jedes K-te Einzelbild behalten, K:</translation>
    </message>
    <message>
        <source>&amp;Start below noise level:</source>
        <translation>&amp;Beginnen unter Rauschniveau:</translation>
    </message>
    <message>
        <source>A&amp;nchor:</source>
        <translation>An&amp;ker:</translation>
    </message>
    <message>
        <source>Frame &amp;positions:</source>
        <translation>Einzelbild&amp;positionen:</translation>
    </message>
    <message>
        <source>Re&amp;fine the chosen frame (self-consistent post-refinement)</source>
        <translation>Das gewählte Einzelbild &amp;verfeinern (selbstkonsistente Nachverfeinerung)</translation>
    </message>
    <message>
        <source>Refinement fra&amp;mes:</source>
        <translation>Einzelbilder der Verfeinerun&amp;g:</translation>
    </message>
    <message>
        <source>&amp;Presets:</source>
        <translation>&amp;Vorgaben:</translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation>&amp;Endpunkt:</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>&amp;Token limit:</source>
        <translation>&amp;Token-Grenze:</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API-&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>A&amp;ppearance:</source>
        <translation>&amp;Erscheinungsbild:</translation>
    </message>
    <message>
        <source>Seed: enter a whole number from 0 to %1.</source>
        <translation>Seed: geben Sie eine ganze Zahl von 0 bis %1 ein.</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::TimelineView</name>
    <message>
        <source>step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <source>result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>result (unrefined)</source>
        <translation>Ergebnis (unverfeinert)</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Play the evolution at %1 frames per second (Space)</source>
        <translation>Die Entwicklung mit %1 Bildern pro Sekunde abspielen (Leertaste)</translation>
    </message>
    <message>
        <source>Evolution</source>
        <translation>Entwicklung</translation>
    </message>
    <message>
        <source> — random-weight output</source>
        <translation> – Zufallsgewicht-Ausgabe</translation>
    </message>
    <message>
        <source>step previews %1/%2 (decoded frames follow)</source>
        <translation>Schrittvorschauen %1/%2 (dekodierte Einzelbilder folgen)</translation>
    </message>
    <message>
        <source>frame %1 / %2</source>
        <translation>Einzelbild %1 / %2</translation>
    </message>
    <message>
        <source> · candidate, sharpness %1</source>
        <translation> · Kandidat, Schärfe %1</translation>
    </message>
    <message>
        <source> · ★ pick</source>
        <translation> · ★ Auswahl</translation>
    </message>
    <message>
        <source> · chosen (overrides the pick)</source>
        <translation> · gewählt (ersetzt die Auswahl)</translation>
    </message>
    <message>
        <source> · chosen</source>
        <translation> · gewählt</translation>
    </message>
    <message>
        <source>%1 of %2 frames decoded</source>
        <translation>%1 von %2 Einzelbildern dekodiert</translation>
    </message>
    <message>
        <source>  —  click a frame to choose it, then Refine</source>
        <translation>  –  klicken Sie auf ein Einzelbild, um es zu wählen, dann auf Verfeinern</translation>
    </message>
    <message>
        <source>the evolution appears here when an edit runs</source>
        <translation>die Entwicklung erscheint hier, wenn eine Bearbeitung läuft</translation>
    </message>
    <message>
        <source>Evolution timeline</source>
        <translation>Zeitleiste der Entwicklung</translation>
    </message>
    <message>
        <source>Play or pause the evolution</source>
        <translation>Entwicklung abspielen oder anhalten</translation>
    </message>
    <message>
        <source>Evolution frame</source>
        <translation>Einzelbild der Entwicklung</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Edit an image by letting an image-to-video model evolve it (IF-Edit).</source>
        <translation>Ein Bild bearbeiten, indem ein Bild-zu-Video-Modell es weiterentwickelt (IF-Edit).</translation>
    </message>
    <message>
        <source>Use the random-weight demo model (no download needed).</source>
        <translation>Das Demomodell mit Zufallsgewichten verwenden (kein Download nötig).</translation>
    </message>
    <message>
        <source>Wan2.2-I2V-A14B model folder (official, Diffusers or ComfyUI layout).</source>
        <translation>Modellordner von Wan2.2-I2V-A14B (offizielles, Diffusers- oder ComfyUI-Layout).</translation>
    </message>
    <message>
        <source>FOLDER</source>
        <translation>ORDNER</translation>
    </message>
    <message>
        <source>Image to open.</source>
        <translation>Zu öffnendes Bild.</translation>
    </message>
</context>
</TS>
