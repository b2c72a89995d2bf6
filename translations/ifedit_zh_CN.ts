<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ifedit::app::ApiKeyStore</name>
    <message>
        <source>this build has no keyring support (QtKeychain)</source>
        <translation>此版本不支持系统密钥环（QtKeychain）</translation>
    </message>
    <message>
        <source>the keyring is switched off</source>
        <translation>密钥环已关闭</translation>
    </message>
    <message>
        <source>The key is stored in the system keyring, not in the settings file.</source>
        <translation>密钥保存在系统密钥环中，而不是设置文件里。</translation>
    </message>
    <message>
        <source>The key is kept for this session only (%1); it is never written to the settings file.</source>
        <translation>密钥仅在本次会话中保留（%1）；它绝不会写入设置文件。</translation>
    </message>
</context>
<context>
    <name>ifedit::app::EditHistory</name>
    <message>
        <source>seed %1, %2 frames, %3 steps</source>
        <translation>种子 %1，%2 帧，%3 步</translation>
    </message>
    <message>
        <source>, no dropout</source>
        <translation>，无丢弃</translation>
    </message>
    <message>
        <source>, K %1</source>
        <translation>，K %1</translation>
    </message>
    <message>
        <source>, refined from frame %1</source>
        <translation>，由第 %1 帧精修</translation>
    </message>
    <message>
        <source>, frame %1 unrefined</source>
        <translation>，第 %1 帧未精修</translation>
    </message>
    <message>
        <source> — random-weight output</source>
        <translation> —— 随机权重输出</translation>
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
        <translation>选择第 %1 帧</translation>
    </message>
    <message>
        <source>Cannot open %1 while an edit runs; cancel it first (Esc).</source>
        <translation>编辑运行期间无法打开 %1；请先取消（Esc）。</translation>
    </message>
    <message>
        <source>Cannot change the picture while an edit runs; cancel it first (Esc).</source>
        <translation>编辑运行期间无法更换图片；请先取消（Esc）。</translation>
    </message>
    <message>
        <source>%1 holds no picture.</source>
        <translation>%1 不包含图片。</translation>
    </message>
    <message>
        <source>%1 is too large: %2 x %3 pixels.</source>
        <translation>%1 太大：%2 × %3 像素。</translation>
    </message>
    <message>
        <source>The VLM (%1) is writing the prompt…</source>
        <translation>VLM（%1）正在撰写提示词……</translation>
    </message>
    <message>
        <source>The offline template is writing the prompt…</source>
        <translation>离线模板正在撰写提示词……</translation>
    </message>
    <message>
        <source>Written by the VLM (%1)</source>
        <translation>由 VLM 撰写（%1）</translation>
    </message>
    <message>
        <source>Written by the offline template (no VLM)</source>
        <translation>由离线模板撰写（无 VLM）</translation>
    </message>
    <message>
        <source>Written or edited by you</source>
        <translation>由您撰写或修改</translation>
    </message>
    <message>
        <source>No model configured — point Settings at the Wan2.2 weights (see README), or use the demo model.</source>
        <translation>尚未配置模型——请在设置中指定 Wan2.2 权重（见 README），或使用演示模型。</translation>
    </message>
    <message>
        <source>Demo model (random weights): its pictures are random-weight output, not real edits.</source>
        <translation>演示模型（随机权重）：其图片是随机权重输出，并非真实编辑。</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source> — random weights: random-weight output</source>
        <translation> —— 随机权重：随机权重输出</translation>
    </message>
    <message>
        <source>Model: %1 (loads on the first run)</source>
        <translation>模型：%1（首次运行时加载）</translation>
    </message>
    <message>
        <source>Evolution done: frame %1 is the sharpest candidate (%2). Click another frame to override, then refine.</source>
        <translation>演化完成：第 %1 帧是最清晰的候选帧（%2）。可点击其他帧改选，然后精修。</translation>
    </message>
    <message>
        <source>Refined frame %1: the result is on the canvas.</source>
        <translation>已精修第 %1 帧：结果显示在画布上。</translation>
    </message>
    <message>
        <source>Refinement is off: frame %1 is the result.</source>
        <translation>精修已关闭：第 %1 帧即为结果。</translation>
    </message>
    <message>
        <source>Open an image first.</source>
        <translation>请先打开一张图片。</translation>
    </message>
    <message>
        <source>Type an instruction first.</source>
        <translation>请先输入指令。</translation>
    </message>
    <message>
        <source>An edit is already running (Esc cancels it).</source>
        <translation>已有编辑正在运行（按 Esc 取消）。</translation>
    </message>
    <message>
        <source>The VLM wrote the prompt: review it, then approve.</source>
        <translation>VLM 已撰写提示词：请检查后批准。</translation>
    </message>
    <message>
        <source>The offline template wrote the prompt: review it, then approve.</source>
        <translation>离线模板已撰写提示词：请检查后批准。</translation>
    </message>
    <message>
        <source>the VLM gave no prompt</source>
        <translation>VLM 没有给出提示词</translation>
    </message>
    <message>
        <source>There is no prompt to run: write one, or let the VLM or the template write it.</source>
        <translation>没有可运行的提示词：请自己撰写，或让 VLM 或模板撰写。</translation>
    </message>
    <message>
        <source>The settings cannot be used: %1</source>
        <translation>这些设置无法使用：%1</translation>
    </message>
    <message>
        <source>Adjusted: %1</source>
        <translation>已调整：%1</translation>
    </message>
    <message>
        <source>Choose a frame first.</source>
        <translation>请先选择一帧。</translation>
    </message>
    <message>
        <source>There is no evolution to refine yet.</source>
        <translation>还没有可精修的演化。</translation>
    </message>
    <message>
        <source>Prompt writing cancelled.</source>
        <translation>已取消撰写提示词。</translation>
    </message>
    <message>
        <source>Evolution cancelled.</source>
        <translation>已取消演化。</translation>
    </message>
    <message>
        <source>Refinement cancelled.</source>
        <translation>已取消精修。</translation>
    </message>
    <message>
        <source>Temporal latent dropout at step %1: %2 latent frames kept.</source>
        <translation>第 %1 步进行时序潜变量丢弃：保留 %2 个潜变量帧。</translation>
    </message>
    <message>
        <source>The evolution failed: %1</source>
        <translation>演化失败：%1</translation>
    </message>
    <message>
        <source>The refinement failed: %1</source>
        <translation>精修失败：%1</translation>
    </message>
    <message>
        <source>There is no result to continue from yet.</source>
        <translation>还没有可继续编辑的结果。</translation>
    </message>
    <message>
        <source>Result of edit %1</source>
        <translation>编辑 %1 的结果</translation>
    </message>
    <message>
        <source>The result of edit %1 is the new source: type the next instruction.</source>
        <translation>编辑 %1 的结果已成为新的源图：请输入下一条指令。</translation>
    </message>
    <message>
        <source>Finish or cancel the running edit first (Esc).</source>
        <translation>请先完成或取消正在运行的编辑（Esc）。</translation>
    </message>
    <message>
        <source>Frame %1 / %2</source>
        <translation>第 %1 / %2 帧</translation>
    </message>
    <message>
        <source> · sharpness %1</source>
        <translation> · 清晰度 %1</translation>
    </message>
    <message>
        <source> · pick</source>
        <translation> · 选中</translation>
    </message>
    <message>
        <source> · chosen</source>
        <translation> · 已选</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>源图</translation>
    </message>
    <message>
        <source>Preview after step %1 of %2</source>
        <translation>第 %1 步（共 %2 步）后的预览</translation>
    </message>
    <message>
        <source>Refining…</source>
        <translation>正在精修……</translation>
    </message>
    <message>
        <source>Result (refined from frame %1)</source>
        <translation>结果（由第 %1 帧精修）</translation>
    </message>
    <message>
        <source>Result (frame %1, not refined)</source>
        <translation>结果（第 %1 帧，未精修）</translation>
    </message>
    <message>
        <source>demo model: working size %1 -&gt; %2 pixels, so a run takes seconds</source>
        <translation>演示模型：工作尺寸 %1 -&gt; %2 像素，使一次运行只需几秒</translation>
    </message>
    <message>
        <source>%1: left out what the engine would refuse: %2</source>
        <translation>%1：已略去引擎会拒绝的值：%2</translation>
    </message>
    <message>
        <source>the edit that is running</source>
        <translation>正在运行的编辑</translation>
    </message>
    <message>
        <source>an evolution that has not been refined</source>
        <translation>一个尚未精修的演化</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s) that were not exported</source>
        <translation>
            <numerusform>%n 个未导出的结果</numerusform>
        </translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>The picture is too narrow or too wide for the working size: %1 (Settings › max area).</source>
        <translation>图片对于工作尺寸过窄或过宽：%1（设置 › 工作分辨率）。</translation>
    </message>
    <message numerus="yes">
        <source> (and %n more)</source>
        <translation>
            <numerusform>（另有 %n 项）</numerusform>
        </translation>
    </message>
    <message>
        <source>Model folder %1 cannot be used: %2 — Settings ▸ Model shows what is missing.</source>
        <translation>模型文件夹 %1 无法使用：%2 —— 设置 ▸ 模型 中列出了缺少的部分。</translation>
    </message>
    <message>
        <source>this is %1, not Wan2.2-I2V-A14B</source>
        <translation>这是 %1，不是 Wan2.2-I2V-A14B</translation>
    </message>
    <message>
        <source> — runs on %1</source>
        <translation> —— 运行于 %1</translation>
    </message>
    <message>
        <source>, %1 memory mode</source>
        <translation>，内存模式 %1</translation>
    </message>
    <message>
        <source>%1: left out %2</source>
        <translation>%1：已略去 %2</translation>
    </message>
    <message>
        <source>%1 was made with LoRAs that are not set now: %2; the result will differ (Settings ▸ Model)</source>
        <translation>%1 是用当前未设置的 LoRA 制作的：%2；结果会有所不同（设置 ▸ 模型）</translation>
    </message>
</context>
<context>
    <name>ifedit::app::EngineWorker</name>
    <message>
        <source>out of memory: this run needs more memory than is free (a smaller working resolution, fewer frames or fewer steps need less)</source>
        <translation>内存不足：此次运行需要的内存超过了可用内存（较小的工作分辨率、较少的帧数或较少的步数需要的内存更少）</translation>
    </message>
    <message>
        <source>unknown engine error</source>
        <translation>未知的引擎错误</translation>
    </message>
</context>
<context>
    <name>ifedit::app::Export</name>
    <message>
        <source>%1: the IF-Edit metadata is not a JSON object (%2 at offset %3)</source>
        <translation>%1：IF-Edit 元数据不是 JSON 对象（%2，位于偏移 %3）</translation>
    </message>
    <message>
        <source>%1: the IF-Edit metadata holds no instruction, prompt or settings</source>
        <translation>%1：IF-Edit 元数据中没有指令、提示词或设置</translation>
    </message>
    <message>
        <source>%1: the &apos;parameters&apos; text holds no prompt or settings</source>
        <translation>%1：“parameters” 文本中没有提示词或设置</translation>
    </message>
    <message>
        <source>%1: no such file</source>
        <translation>%1：文件不存在</translation>
    </message>
    <message>
        <source>%1: cannot read (%2)</source>
        <translation>%1：无法读取（%2）</translation>
    </message>
    <message>
        <source>%1: too large for an exported PNG</source>
        <translation>%1：对于导出的 PNG 来说太大</translation>
    </message>
    <message>
        <source>%1: no IF-Edit metadata (no &apos;ifedit&apos; or &apos;parameters&apos; text and no %2)</source>
        <translation>%1：没有 IF-Edit 元数据（没有 “ifedit” 或 “parameters” 文本，也没有 %2）</translation>
    </message>
    <message>
        <source>%1: cannot move into place (%2)</source>
        <translation>%1：无法移动到目标位置（%2）</translation>
    </message>
    <message>
        <source>%1: the folder %2 does not exist</source>
        <translation>%1：文件夹 %2 不存在</translation>
    </message>
    <message>
        <source>%1: there is no image to export</source>
        <translation>%1：没有可导出的图像</translation>
    </message>
    <message>
        <source>%1: this Qt has no %2 writer (install the Qt image format plugins)</source>
        <translation>%1：此 Qt 没有 %2 写入器（请安装 Qt 图像格式插件）</translation>
    </message>
    <message>
        <source>%1: cannot encode %2 (%3)</source>
        <translation>%1：无法编码为 %2（%3）</translation>
    </message>
    <message>
        <source>%1: there are no frames to export</source>
        <translation>%1：没有可导出的帧</translation>
    </message>
    <message>
        <source>%1: frame rate %2 is outside 0..240</source>
        <translation>%1：帧率 %2 超出 0..240 的范围</translation>
    </message>
    <message>
        <source>%1: cannot start an MP4 writer (OpenCV built without FFmpeg?)</source>
        <translation>%1：无法启动 MP4 写入器（OpenCV 编译时未带 FFmpeg？）</translation>
    </message>
    <message>
        <source>%1: frame %2 is %3x%4, frame 0 is %5x%6</source>
        <translation>%1：第 %2 帧为 %3×%4，第 0 帧为 %5×%6</translation>
    </message>
    <message>
        <source>%1: video writer failed (%2)</source>
        <translation>%1：视频写入失败（%2）</translation>
    </message>
    <message>
        <source>%1: the video writer wrote nothing</source>
        <translation>%1：视频写入器没有写出任何内容</translation>
    </message>
    <message>
        <source>%1: exists and is not a folder</source>
        <translation>%1：已存在且不是文件夹</translation>
    </message>
    <message>
        <source>%1: the folder holds other files (%2); choose a new or empty folder</source>
        <translation>%1：该文件夹中有其他文件（%2）；请选择新的或空的文件夹</translation>
    </message>
    <message>
        <source>%1: cannot create a temporary folder beside it (%2)</source>
        <translation>%1：无法在旁边创建临时文件夹（%2）</translation>
    </message>
    <message>
        <source>%1: cannot scale the image to %2 × %3 (not enough memory)</source>
        <translation>%1：无法将图像缩放到 %2 × %3（内存不足）</translation>
    </message>
    <message>
        <source>%1: this is the source picture of the edit (exporting there would overwrite it); choose another name</source>
        <translation>%1：这是本次编辑的源图片（导出到这里会覆盖它）；请换一个名称</translation>
    </message>
    <message>
        <source>%1: the video was not written whole (%2 of %3 frames read back; is the disk full?)</source>
        <translation>%1：视频未完整写入（读回 %3 帧中的 %2 帧；磁盘是否已满？）</translation>
    </message>
    <message>
        <source>%1 holds at most %2 pixels a side, and the picture is %3 x %4: export it as PNG, or at the model&apos;s working size</source>
        <translation>%1 每边最多 %2 像素，而图片为 %3 x %4：请导出为 PNG，或使用模型的工作尺寸</translation>
    </message>
    <message>
        <source>%1: MP4 holds at most 8191 pixels a side, and the evolution is %2 x %3: export it as a PNG sequence</source>
        <translation>%1：MP4 每边最多 8191 像素，而演化为 %2 x %3：请导出为 PNG 序列</translation>
    </message>
</context>
<context>
    <name>ifedit::app::ImageLoading</name>
    <message>
        <source>%1 is too large: %2 x %3 pixels (the limit is %4 megapixels).</source>
        <translation>%1 太大：%2 × %3 像素（上限为 %4 百万像素）。</translation>
    </message>
    <message>
        <source>No file name given.</source>
        <translation>未提供文件名。</translation>
    </message>
    <message>
        <source>File not found: %1</source>
        <translation>找不到文件：%1</translation>
    </message>
    <message>
        <source>Not a file: %1</source>
        <translation>不是文件：%1</translation>
    </message>
    <message>
        <source>Cannot read %1: permission denied.</source>
        <translation>无法读取 %1：权限不足。</translation>
    </message>
    <message>
        <source>%1 is empty (0 bytes), not an image.</source>
        <translation>%1 是空文件（0 字节），不是图像。</translation>
    </message>
    <message>
        <source>%1 is not an image in a supported format (supported: %2).</source>
        <translation>%1 不是受支持格式的图像（支持：%2）。</translation>
    </message>
    <message>
        <source>%1 declares an empty image (%2 x %3 pixels).</source>
        <translation>%1 声明了一个空图像（%2 × %3 像素）。</translation>
    </message>
    <message>
        <source>Could not decode %1 as %2: %3 (the file may be corrupt or truncated).</source>
        <translation>无法将 %1 解码为 %2：%3（文件可能已损坏或不完整）。</translation>
    </message>
    <message>
        <source>%1 is an SVG drawing: open it in the editor, or convert it to PNG for the command line.</source>
        <translation>%1 是 SVG 矢量图：请在编辑器中打开，或为命令行将其转换为 PNG。</translation>
    </message>
    <message>
        <source>%1 is cut short: its %2 data ends before the picture does (an incomplete download or copy?).</source>
        <translation>%1 不完整：其 %2 数据在图像结束前就中断了（下载或复制未完成？）。</translation>
    </message>
</context>
<context>
    <name>ifedit::app::ModelFindings</name>
    <message>
        <source>%1: %2</source>
        <extracomment>A model part and what was found about it (&quot;High-noise expert: ... not found&quot;)</extracomment>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1/: folder not found (expected %2)</source>
        <translation>%1/：找不到文件夹（应包含 %2）</translation>
    </message>
    <message>
        <source>%1/: config.json missing (expected %2)</source>
        <translation>%1/：缺少 config.json（应包含 %2）</translation>
    </message>
    <message>
        <source>%1/: cannot be read: %2</source>
        <translation>%1/：无法读取：%2</translation>
    </message>
    <message>
        <source>%1/: %2 (expected %3)</source>
        <translation>%1/：%2（应包含 %3）</translation>
    </message>
    <message>
        <source>%1/: %2 has no weight_map (expected %3)</source>
        <translation>%1/：%2 没有 weight_map（应包含 %3）</translation>
    </message>
    <message>
        <source>%1/: %2 of %3 shards named in the index are missing (%4) (expected %5)</source>
        <translation>%1/：索引中列出的 %3 个分片缺少 %2 个（%4）（应包含 %5）</translation>
    </message>
    <message>
        <source>%1 holds a model with %2, not an image-to-video expert (model_type &quot;i2v&quot;, in_dim 36): this is Wan2.2-T2V-A14B, text-to-video (same file names); download Wan-AI/Wan2.2-I2V-A14B</source>
        <translation>%1 中的模型为 %2，不是图像生成视频专家（model_type &quot;i2v&quot;，in_dim 36）：这是 Wan2.2-T2V-A14B，文本生成视频（文件名相同）；请下载 Wan-AI/Wan2.2-I2V-A14B</translation>
    </message>
    <message>
        <source>%1 holds a model with %2, not an image-to-video expert (model_type &quot;i2v&quot;, in_dim 36): this is Wan2.2-TI2V-5B; download Wan-AI/Wan2.2-I2V-A14B</source>
        <translation>%1 中的模型为 %2，不是图像生成视频专家（model_type &quot;i2v&quot;，in_dim 36）：这是 Wan2.2-TI2V-5B；请下载 Wan-AI/Wan2.2-I2V-A14B</translation>
    </message>
    <message>
        <source>%1 holds a model with %2, not an image-to-video expert (model_type &quot;i2v&quot;, in_dim 36): this is not Wan2.2-I2V-A14B; download Wan-AI/Wan2.2-I2V-A14B</source>
        <translation>%1 中的模型为 %2，不是图像生成视频专家（model_type &quot;i2v&quot;，in_dim 36）：这不是 Wan2.2-I2V-A14B；请下载 Wan-AI/Wan2.2-I2V-A14B</translation>
    </message>
    <message>
        <source>%1 not found</source>
        <translation>找不到 %1</translation>
    </message>
    <message>
        <source>%1 not found (the UMT5 sentencepiece model shipped with the checkpoint)</source>
        <translation>找不到 %1（随检查点提供的 UMT5 sentencepiece 模型）</translation>
    </message>
    <message>
        <source>this folder holds a single-model checkpoint (Wan2.2-TI2V-5B or Wan2.1: one model at the root, no high_noise_model/ and low_noise_model/), not Wan2.2-I2V-A14B&apos;s two experts: download Wan-AI/Wan2.2-I2V-A14B</source>
        <translation>此文件夹是单模型检查点（Wan2.2-TI2V-5B 或 Wan2.1：模型位于根目录，没有 high_noise_model/ 和 low_noise_model/），而不是 Wan2.2-I2V-A14B 的两个专家：请下载 Wan-AI/Wan2.2-I2V-A14B</translation>
    </message>
    <message>
        <source>%1 is Wan2.2-T2V-A14B (text-to-video), not Wan2.2-I2V-A14B: download the wan2.2_i2v_* files</source>
        <translation>%1 是 Wan2.2-T2V-A14B（文本生成视频），不是 Wan2.2-I2V-A14B：请下载 wan2.2_i2v_* 文件</translation>
    </message>
    <message>
        <source>%1 is Wan2.2-TI2V-5B, not Wan2.2-I2V-A14B: download the wan2.2_i2v_* files</source>
        <translation>%1 是 Wan2.2-TI2V-5B，不是 Wan2.2-I2V-A14B：请下载 wan2.2_i2v_* 文件</translation>
    </message>
    <message>
        <source>%1 is the VAE of Wan2.2-TI2V-5B (I2V-A14B uses wan_2.1_vae), not Wan2.2-I2V-A14B: download the wan2.2_i2v_* files</source>
        <translation>%1 是 Wan2.2-TI2V-5B 的 VAE（I2V-A14B 使用 wan_2.1_vae），不是 Wan2.2-I2V-A14B：请下载 wan2.2_i2v_* 文件</translation>
    </message>
    <message>
        <source>no %1 in %2 or its models/{diffusion_models,vae,text_encoders}/</source>
        <translation>%2 及其 models/{diffusion_models,vae,text_encoders}/ 中没有 %1</translation>
    </message>
    <message>
        <source>no spiece.model in %1 (nor embedded in the text encoder file): copy google/umt5-xxl/ from the official Wan2.2-I2V-A14B download</source>
        <translation>%1 中没有 spiece.model（文本编码器文件中也未内嵌）：请从官方 Wan2.2-I2V-A14B 下载中复制 google/umt5-xxl/</translation>
    </message>
    <message>
        <source>%1 (an incomplete download?)</source>
        <translation>%1（下载不完整？）</translation>
    </message>
    <message>
        <source>a Hugging Face cache folder with %1 snapshots and no refs/main naming one of them: choose the folder snapshots/&lt;revision&gt;/</source>
        <translation>Hugging Face 缓存文件夹中有 %1 个快照，且没有 refs/main 指明其中之一：请选择文件夹 snapshots/&lt;修订版本&gt;/</translation>
    </message>
    <message>
        <source>a single file holds one part of the model: choose the folder that holds all of them</source>
        <translation>单个文件只包含模型的一部分：请选择包含所有部分的文件夹</translation>
    </message>
    <message>
        <source>%1/ is one part of a model: choose the folder above it, which holds all the parts</source>
        <translation>%1/ 是模型的一部分：请选择其上一级文件夹，那里包含所有部分</translation>
    </message>
    <message>
        <source>no Wan2.2-I2V-A14B model here; expected one of: the official layout (high_noise_model/, low_noise_model/, models_t5_umt5-xxl-enc-bf16.pth, Wan2.1_VAE.pth, google/umt5-xxl/), the Diffusers layout (model_index.json, transformer/, transformer_2/, text_encoder/, tokenizer/, vae/), or ComfyUI files (wan2.2_i2v_{high,low}_noise_14B_*.safetensors, wan_2.1_vae.safetensors, umt5_xxl_*.safetensors)</source>
        <translation>这里没有 Wan2.2-I2V-A14B 模型；应为以下之一：官方布局（high_noise_model/、low_noise_model/、models_t5_umt5-xxl-enc-bf16.pth、Wan2.1_VAE.pth、google/umt5-xxl/），Diffusers 布局（model_index.json、transformer/、transformer_2/、text_encoder/、tokenizer/、vae/），或 ComfyUI 文件（wan2.2_i2v_{high,low}_noise_14B_*.safetensors、wan_2.1_vae.safetensors、umt5_xxl_*.safetensors）</translation>
    </message>
    <message>
        <source>model_index.json has no boundary_ratio: using 0.9</source>
        <translation>model_index.json 没有 boundary_ratio：使用 0.9</translation>
    </message>
    <message>
        <source>%1 chosen over %2</source>
        <translation>选用 %1，而非 %2</translation>
    </message>
    <message>
        <source>%1 is Wan2.2-T2V-A14B (text-to-video): not used</source>
        <translation>%1 是 Wan2.2-T2V-A14B（文本生成视频）：未使用</translation>
    </message>
    <message>
        <source>%1 is Wan2.2-TI2V-5B: not used</source>
        <translation>%1 是 Wan2.2-TI2V-5B：未使用</translation>
    </message>
    <message>
        <source>%1 is the VAE of Wan2.2-TI2V-5B (I2V-A14B uses wan_2.1_vae): not used</source>
        <translation>%1 是 Wan2.2-TI2V-5B 的 VAE（I2V-A14B 使用 wan_2.1_vae）：未使用</translation>
    </message>
    <message>
        <source>Hugging Face cache folder: using snapshots/%1</source>
        <translation>Hugging Face 缓存文件夹：使用 snapshots/%1</translation>
    </message>
    <message>
        <source>Hugging Face hub folder: using %1</source>
        <translation>Hugging Face hub 文件夹：使用 %1</translation>
    </message>
    <message>
        <source>does not exist</source>
        <translation>不存在</translation>
    </message>
    <message>
        <source>cannot be read: %1</source>
        <translation>无法读取：%1</translation>
    </message>
    <message>
        <source>no model folder chosen</source>
        <translation>尚未选择模型文件夹</translation>
    </message>
    <message>
        <source>High-noise expert</source>
        <translation>高噪声专家</translation>
    </message>
    <message>
        <source>Low-noise expert</source>
        <translation>低噪声专家</translation>
    </message>
    <message>
        <source>Text encoder (UMT5)</source>
        <translation>文本编码器（UMT5）</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>分词器</translation>
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
        <translation>高噪声专家</translation>
    </message>
    <message>
        <source>low-noise expert</source>
        <translation>低噪声专家</translation>
    </message>
    <message>
        <source>step %1/%2</source>
        <translation>第 %1/%2 步</translation>
    </message>
    <message>
        <source>about %1 s left</source>
        <translation>约剩 %1 秒</translation>
    </message>
    <message>
        <source>about %1 min left</source>
        <translation>约剩 %1 分钟</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Loading models</source>
        <translation>正在加载模型</translation>
    </message>
    <message>
        <source>Encoding the prompt</source>
        <translation>正在编码提示词</translation>
    </message>
    <message>
        <source>Encoding the image</source>
        <translation>正在编码图像</translation>
    </message>
    <message>
        <source>Denoising</source>
        <translation>去噪</translation>
    </message>
    <message>
        <source>Decoding frames</source>
        <translation>正在解码帧</translation>
    </message>
    <message>
        <source>Scoring sharpness</source>
        <translation>正在评估清晰度</translation>
    </message>
    <message>
        <source>Refining</source>
        <translation>精修</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>text encoder</source>
        <translation>文本编码器</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::CanvasView</name>
    <message>
        <source>Open an image (%1), paste one (%2) or drop one here</source>
        <translation>打开图片（%1）、粘贴图片（%2）或将图片拖放到这里</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>之前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>之后</translation>
    </message>
    <message>
        <source>Before (source)</source>
        <translation>之前（源图）</translation>
    </message>
    <message>
        <source>random-weight output</source>
        <translation>随机权重输出</translation>
    </message>
    <message>
        <source>Picture</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>%1, %2 × %3 pixels</source>
        <translation>%1，%2 × %3 像素</translation>
    </message>
    <message>
        <source>%1; split: before on the left, after on the right</source>
        <translation>%1；拆分：左侧为之前，右侧为之后</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::CompareBar</name>
    <message>
        <source>Move the line between before (left) and after (right)</source>
        <translation>移动“之前”（左）与“之后”（右）之间的分隔线</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>之前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>之后</translation>
    </message>
    <message>
        <source>Split between before and after</source>
        <translation>前后对比分隔线</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::DialogController</name>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message>
        <source>The new language applies the next time IF-Edit Studio starts.</source>
        <translation>新语言将在下次启动 IF-Edit Studio 时生效。</translation>
    </message>
    <message>
        <source>There is no result to export yet.</source>
        <translation>还没有可导出的结果。</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <source>There is no evolution to export yet.</source>
        <translation>还没有可导出的演化。</translation>
    </message>
    <message>
        <source>The settings apply to this session but could not be saved to %1 (is it read-only, or the disk full?)</source>
        <translation>设置已用于本次会话，但无法保存到 %1（文件只读或磁盘已满？）</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::ExportDialog</name>
    <message>
        <source>Export Image</source>
        <translation>导出图像</translation>
    </message>
    <message>
        <source>Export Evolution</source>
        <translation>导出演化</translation>
    </message>
    <message>
        <source>PNG, 8 bits per channel</source>
        <translation>PNG，每通道 8 位</translation>
    </message>
    <message>
        <source>PNG, 16 bits per channel</source>
        <translation>PNG，每通道 16 位</translation>
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
        <translation>MP4 视频</translation>
    </message>
    <message>
        <source>PNG sequence (a folder of frames)</source>
        <translation>PNG 序列（一个存放各帧的文件夹）</translation>
    </message>
    <message>
        <source> fps</source>
        <translation> 帧/秒</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览……</translation>
    </message>
    <message>
        <source>Made with the demo model (random weights): not a real edit.</source>
        <translation>由演示模型生成（随机权重）：并非真实编辑。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>No metadata is written.</source>
        <translation>不写入元数据。</translation>
    </message>
    <message>
        <source>Metadata goes into JPEG comments; dropping the file onto the window restores the edit.</source>
        <translation>元数据写入 JPEG 注释；将文件拖放到窗口即可恢复这次编辑。</translation>
    </message>
    <message>
        <source>WebP keeps no text here: the metadata goes to a .json file beside the image.</source>
        <translation>WebP 在这里不保存文本：元数据写入图像旁边的 .json 文件。</translation>
    </message>
    <message>
        <source>Metadata goes into PNG text chunks (&quot;parameters&quot; as other tools read it, and the full settings); dropping the file onto the window restores the edit.</source>
        <translation>元数据写入 PNG 文本块（其他工具可读取的 “parameters” 以及完整设置）；将文件拖放到窗口即可恢复这次编辑。</translation>
    </message>
    <message>
        <source>The engine works in 8 bits; 16-bit files suit editors that work in 16 bits.</source>
        <translation>引擎以 8 位处理；16 位文件适合以 16 位工作的编辑软件。</translation>
    </message>
    <message numerus="yes">
        <source>%n frame(s), MPEG-4 video.</source>
        <translation>
            <numerusform>%n 帧，MPEG-4 视频。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n frame(s) as frame_0000.png, … and evolution.json in a new folder.</source>
        <translation>
            <numerusform>%n 帧，存为 frame_0000.png……以及 evolution.json，放在新文件夹中。</numerusform>
        </translation>
    </message>
    <message>
        <source>Folder to put the frame folder in</source>
        <translation>用于存放帧文件夹的文件夹</translation>
    </message>
    <message>
        <source>Images (*.%1)</source>
        <translation>图像 (*.%1)</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 视频 (*.mp4)</translation>
    </message>
    <message>
        <source>Choose where to export to.</source>
        <translation>请选择导出位置。</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>Model output (%1 × %2)</source>
        <translation>模型输出（%1 × %2）</translation>
    </message>
    <message>
        <source>Source picture (%1 × %2)</source>
        <translation>源图（%1 × %2）</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Size:</source>
        <translation>尺寸(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Quality:</source>
        <translation>质量(&amp;Q)：</translation>
    </message>
    <message>
        <source>Frame &amp;rate:</source>
        <translation>帧率(&amp;R)：</translation>
    </message>
    <message>
        <source>Store the &amp;instruction, prompt, settings and seed in the file</source>
        <translation>在文件中保存指令、提示词、设置和种子(&amp;I)</translation>
    </message>
    <message>
        <source>Also &amp;write them to a .json file beside it</source>
        <translation>同时写入旁边的 .json 文件(&amp;W)</translation>
    </message>
    <message>
        <source>Browse for where to save the evolution</source>
        <translation>选择保存演化的位置</translation>
    </message>
    <message>
        <source>Browse for the file to write</source>
        <translation>选择要写入的文件</translation>
    </message>
    <message>
        <source>Save &amp;to:</source>
        <translation>保存到(&amp;T)：</translation>
    </message>
    <message>
        <source>Fi&amp;le:</source>
        <translation>文件(&amp;L)：</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::FirstRunPanel</name>
    <message>
        <source>&lt;b&gt;No model weights configured yet&lt;/b&gt;</source>
        <translation>&lt;b&gt;尚未配置模型权重&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Use the &amp;Demo Model</source>
        <translation>使用演示模型(&amp;D)</translation>
    </message>
    <message>
        <source>Open &amp;Settings…</source>
        <translation>打开设置(&amp;S)……</translation>
    </message>
    <message>
        <source>&lt;b&gt;The model folder cannot be used&lt;/b&gt;</source>
        <translation>&lt;b&gt;模型文件夹无法使用&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;tt&gt;%1&lt;/tt&gt;: %2</source>
        <translation>&lt;tt&gt;%1&lt;/tt&gt;：%2</translation>
    </message>
    <message>
        <source>IF-Edit Studio edits a picture by letting the &lt;b&gt;Wan2.2-I2V-A14B&lt;/b&gt; image-to-video model evolve it. Download the model (about 70 GB in bf16) from Hugging Face &amp;mdash; &lt;a href=&quot;https://huggingface.co/Wan-AI/Wan2.2-I2V-A14B&quot;&gt;Wan-AI/Wan2.2-I2V-A14B&lt;/a&gt; (a folder with &lt;tt&gt;high_noise_model/&lt;/tt&gt;, &lt;tt&gt;low_noise_model/&lt;/tt&gt;, &lt;tt&gt;models_t5_umt5-xxl-enc-bf16.pth&lt;/tt&gt;, &lt;tt&gt;Wan2.1_VAE.pth&lt;/tt&gt; and &lt;tt&gt;google/umt5-xxl/&lt;/tt&gt;), the Diffusers copy &lt;tt&gt;Wan-AI/Wan2.2-I2V-A14B-Diffusers&lt;/tt&gt;, or ComfyUI&amp;rsquo;s single files (fp8_scaled files are about half the size). For the fast 8-step recipe add the Wan2.2 Lightning I2V LoRA. Then point &lt;b&gt;Settings &amp;rsaquo; Model folder&lt;/b&gt; at that folder, or start &lt;tt&gt;ifedit --model FOLDER&lt;/tt&gt;. It runs on an NVIDIA GPU: the whole model takes about 72 GiB of its memory, and the memory modes fit smaller cards by keeping weights in RAM or in FP8 (Settings &amp;rsaquo; Model shows the plan for yours).&lt;br&gt;To try the editor first, use the &lt;b&gt;demo model&lt;/b&gt;: tiny random weights with the real structure. It runs every step in seconds, but its pictures are noise, labelled &lt;i&gt;random-weight output&lt;/i&gt;.</source>
        <translation>IF-Edit Studio 通过让 &lt;b&gt;Wan2.2-I2V-A14B&lt;/b&gt; 图像生成视频模型演化图片来完成编辑。请从 Hugging Face 下载模型（bf16 格式约 70 GB）&amp;mdash; &lt;a href=&quot;https://huggingface.co/Wan-AI/Wan2.2-I2V-A14B&quot;&gt;Wan-AI/Wan2.2-I2V-A14B&lt;/a&gt;（一个包含 &lt;tt&gt;high_noise_model/&lt;/tt&gt;、&lt;tt&gt;low_noise_model/&lt;/tt&gt;、&lt;tt&gt;models_t5_umt5-xxl-enc-bf16.pth&lt;/tt&gt;、&lt;tt&gt;Wan2.1_VAE.pth&lt;/tt&gt; 和 &lt;tt&gt;google/umt5-xxl/&lt;/tt&gt; 的文件夹），或 Diffusers 版本 &lt;tt&gt;Wan-AI/Wan2.2-I2V-A14B-Diffusers&lt;/tt&gt;，或 ComfyUI 的单文件（fp8_scaled 文件约为一半大小）。如需快速的 8 步方案，请加上 Wan2.2 Lightning I2V LoRA。然后在&lt;b&gt;设置 &amp;rsaquo; 模型文件夹&lt;/b&gt;中指定该文件夹，或以 &lt;tt&gt;ifedit --model 文件夹&lt;/tt&gt; 启动。它在 NVIDIA GPU 上运行：完整模型约占 72 GiB 显存，内存模式会把部分权重放在内存中或以 FP8 保存，以适配更小的显卡（设置 &amp;rsaquo; 模型 会显示适合您机器的方案）。&lt;br&gt;若想先试用编辑器，请使用&lt;b&gt;演示模型&lt;/b&gt;：具有真实结构的微型随机权重。它几秒钟就能跑完每一步，但生成的图片是噪声，并标注为&lt;i&gt;随机权重输出&lt;/i&gt;。</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::HistoryPanel</name>
    <message>
        <source>&amp;Use Result as Source</source>
        <translation>将结果用作源图(&amp;U)</translation>
    </message>
    <message>
        <source>Continue editing from the result on the canvas (chains edits)</source>
        <translation>从画布上的结果继续编辑（串联多次编辑）</translation>
    </message>
    <message>
        <source>Leave this evolution?</source>
        <translation>离开此演化？</translation>
    </message>
    <message>
        <source>This evolution has not been refined, so it is not in the history yet: going to another edit discards it.</source>
        <translation>此演化尚未精修，因此还不在历史记录中：切换到其他编辑会丢弃它。</translation>
    </message>
    <message>
        <source>&amp;Discard and Go</source>
        <translation>丢弃并切换(&amp;D)</translation>
    </message>
    <message>
        <source>C&amp;lear History</source>
        <translation>清空历史(&amp;L)</translation>
    </message>
    <message>
        <source>Forget the edits listed here (they are kept in memory until then)</source>
        <translation>清除此处列出的编辑（在此之前它们一直保存在内存中）</translation>
    </message>
    <message>
        <source>Clear the history?</source>
        <translation>清空历史？</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s) in the history were not exported and will be lost.</source>
        <translation>
            <numerusform>历史中有 %n 个结果尚未导出，将会丢失。</numerusform>
        </translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>清空(&amp;L)</translation>
    </message>
    <message>
        <source>Edits of this session</source>
        <translation>本次会话的编辑</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Source: %2&lt;br&gt;%3: %4&lt;br&gt;%5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;源图：%2&lt;br&gt;%3：%4&lt;br&gt;%5</translation>
    </message>
    <message>
        <source>The instruction or prompt holds your own words, not used by a run yet: the edit&apos;s own replace them.</source>
        <translation>指令或提示词中有您自己输入、尚未被运行使用的文字：该编辑自己的指令和提示词会替换它们。</translation>
    </message>
    <message>
        <source>Replace your words?</source>
        <translation>替换您输入的文字？</translation>
    </message>
    <message>
        <source>&amp;Go to the Edit</source>
        <translation>转到该编辑(&amp;G)</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::InstructionBox</name>
    <message>
        <source>Describe the edit, e.g. “make it night, with the street lamps lit”</source>
        <translation>描述要做的编辑，例如“变成夜晚，路灯亮起”</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Ctrl+Enter runs</source>
        <translation>Ctrl+Enter 运行</translation>
    </message>
    <message>
        <source>Run the edit (Ctrl+Enter)</source>
        <translation>运行编辑（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>No session.</source>
        <translation>没有会话。</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>指令</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::MainWindow</name>
    <message>
        <source>Images (%1)</source>
        <translation>图像 (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>指令</translation>
    </message>
    <message>
        <source>Temporal Prompt</source>
        <translation>时序提示词</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>The edit failed</source>
        <translation>编辑失败</translation>
    </message>
    <message>
        <source>The VLM could not write the prompt: see the prompt panel for what to do.</source>
        <translation>VLM 无法撰写提示词：请在提示词面板查看可以怎么做。</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>Cannot open image</source>
        <translation>无法打开图像</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Pasted image</source>
        <translation>粘贴的图像</translation>
    </message>
    <message>
        <source>Pasted a %1 × %2 picture</source>
        <translation>已粘贴一张 %1 × %2 的图片</translation>
    </message>
    <message>
        <source>Cannot paste</source>
        <translation>无法粘贴</translation>
    </message>
    <message>
        <source>The clipboard holds no picture.</source>
        <translation>剪贴板中没有图片。</translation>
    </message>
    <message>
        <source>About %1</source>
        <translation>关于 %1</translation>
    </message>
    <message>
        <source>&lt;h3&gt;%1 %2&lt;/h3&gt;&lt;p&gt;Edits a picture by letting an image-to-video model evolve it, then picks and refines the frame where the edit has happened (the IF-Edit method).&lt;/p&gt;&lt;p&gt;Model: Wan2.2-I2V-A14B. The bundled demo model has random weights: what it makes is random-weight output, not an edit.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;%1 %2&lt;/h3&gt;&lt;p&gt;让图像生成视频模型演化图片，然后挑选并精修编辑已经发生的那一帧（IF-Edit 方法）。&lt;/p&gt;&lt;p&gt;模型：Wan2.2-I2V-A14B。附带的演示模型使用随机权重：它生成的是随机权重输出，而不是编辑结果。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Finish with Chosen Frame (refinement off)</source>
        <translation>以所选帧完成(&amp;F)（精修已关闭）</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>撤销(&amp;U) %1</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>重做(&amp;R) %1</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Dropped image</source>
        <translation>拖入的图像</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)……</translation>
    </message>
    <message>
        <source>&amp;Paste Image</source>
        <translation>粘贴图像(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Clear Recent Files</source>
        <translation>清除最近文件(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Export Result…</source>
        <translation>导出结果(&amp;E)……</translation>
    </message>
    <message>
        <source>Exporting arrives with the export dialog.</source>
        <translation>导出功能将随导出对话框提供。</translation>
    </message>
    <message>
        <source>Export E&amp;volution…</source>
        <translation>导出演化(&amp;V)……</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)……</translation>
    </message>
    <message>
        <source>Settings arrive with the settings dialog.</source>
        <translation>设置功能将随设置对话框提供。</translation>
    </message>
    <message>
        <source>&amp;Write Prompt</source>
        <translation>撰写提示词(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Approve Prompt and Run</source>
        <translation>批准提示词并运行(&amp;A)</translation>
    </message>
    <message>
        <source>Re&amp;generate Prompt</source>
        <translation>重新生成提示词(&amp;G)</translation>
    </message>
    <message>
        <source>Use Offline &amp;Template</source>
        <translation>使用离线模板(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Use the &amp;Demo Model (random weights)</source>
        <translation>使用演示模型(&amp;D)（随机权重）</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Fit in Window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Actual Size (100%)</source>
        <translation>实际大小(&amp;A)（100%）</translation>
    </message>
    <message>
        <source>&amp;Split Before/After</source>
        <translation>拆分前后对比(&amp;S)</translation>
    </message>
    <message>
        <source>Show &amp;Before (toggle)</source>
        <translation>显示之前(&amp;B)（切换）</translation>
    </message>
    <message>
        <source>&amp;Play/Pause Evolution</source>
        <translation>播放/暂停演化(&amp;P)</translation>
    </message>
    <message>
        <source>Pre&amp;vious Frame</source>
        <translation>上一帧(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Next Frame</source>
        <translation>下一帧(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;About %1</source>
        <translation>关于 %1(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>(no recent files)</source>
        <translation>（没有最近文件）</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 × %2 px  ·  %3%</source>
        <translation>%1 × %2 像素  ·  %3%</translation>
    </message>
    <message>
        <source>Restored the instruction, prompt, settings and seed of %1</source>
        <translation>已从 %1 恢复指令、提示词、设置和种子</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <source>Restored the prompt of %1 (written by another tool: its settings were left as they are)</source>
        <translation>已恢复 %1 的提示词（由其他工具写入：其设置未被采用）</translation>
    </message>
    <message>
        <source>Opened %1; its IF-Edit metadata could not be read: %2</source>
        <translation>已打开 %1；无法读取其 IF-Edit 元数据：%2</translation>
    </message>
    <message>
        <source>Quit %1?</source>
        <translation>退出 %1？</translation>
    </message>
    <message>
        <source>Quitting now loses %1.</source>
        <translation>现在退出将丢失%1。</translation>
    </message>
    <message>
        <source>&amp;Quit Anyway</source>
        <translation>仍然退出(&amp;Q)</translation>
    </message>
    <message>
        <source>%1 × %2 px over the %3 × %4 source  ·  %5%</source>
        <translation>%1 × %2 像素，覆盖在 %3 × %4 的原图上  ·  %5%</translation>
    </message>
    <message>
        <source>Replace your prompt?</source>
        <translation>替换您的提示词？</translation>
    </message>
    <message>
        <source>The prompt holds your own words, not used by a run yet: a new prompt replaces them.</source>
        <translation>提示词中有您自己写的内容，尚未被任何一次运行使用：新的提示词会替换它们。</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>替换(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Keep My Prompt</source>
        <translation>保留我的提示词(&amp;K)</translation>
    </message>
    <message>
        <source>Re&amp;fine Chosen Frame</source>
        <translation>精修所选帧(&amp;F)</translation>
    </message>
    <message>
        <source>Run Instruction as &amp;Is</source>
        <translation>按原样运行指令(&amp;I)</translation>
    </message>
    <message>
        <source>Use Result as S&amp;ource</source>
        <translation>将结果用作源图(&amp;O)</translation>
    </message>
    <message>
        <source>Leave this evolution?</source>
        <translation>离开此演化？</translation>
    </message>
    <message>
        <source>This evolution has not been refined, so it is not in the history yet: another picture discards it.</source>
        <translation>此演化尚未精修，因此还不在历史记录中：打开其他图片会丢弃它。</translation>
    </message>
    <message>
        <source>&amp;Discard and Open</source>
        <translation>丢弃并打开(&amp;D)</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::PromptReviewPanel</name>
    <message>
        <source>The temporal prompt appears here: how the picture evolves into the edit.</source>
        <translation>时序提示词显示在这里：描述图片如何演化成编辑后的样子。</translation>
    </message>
    <message>
        <source>Use the Offline &amp;Template</source>
        <translation>使用离线模板(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Approve and Run</source>
        <translation>批准并运行(&amp;A)</translation>
    </message>
    <message>
        <source>Evolve the picture with this prompt (Ctrl+Enter in the prompt)</source>
        <translation>用这个提示词演化图片（在提示词中按 Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Re&amp;generate</source>
        <translation>重新生成(&amp;G)</translation>
    </message>
    <message>
        <source>Let the VLM (or the template) write the prompt again</source>
        <translation>让 VLM（或模板）重新撰写提示词</translation>
    </message>
    <message>
        <source>Skip the rewrite: run with the instruction itself as the prompt</source>
        <translation>跳过改写：直接以指令本身作为提示词运行</translation>
    </message>
    <message>
        <source>Type an instruction and press Ctrl+Enter: the prompt is written here for you to review.</source>
        <translation>输入指令并按 Ctrl+Enter：提示词会写在这里供您检查。</translation>
    </message>
    <message>
        <source>The VLM could not write the prompt: %1
You can let the offline template write it, run the instruction as it is, or try again.</source>
        <translation>VLM 无法撰写提示词：%1
您可以让离线模板撰写、按原样运行指令，或再试一次。</translation>
    </message>
    <message>
        <source>Temporal prompt</source>
        <translation>时序提示词</translation>
    </message>
    <message>
        <source>The offline template could not write the prompt: %1
Write the prompt yourself, run the instruction as it is, or reword the instruction.</source>
        <translation>离线模板无法写出提示词：%1
请自己编写提示词、按原样运行指令，或换一种说法描述指令。</translation>
    </message>
    <message>
        <source>The VLM could not write a new prompt: %1
The prompt you had is kept below. You can approve it, let the offline template write one, or try again.</source>
        <translation>VLM 无法写出新的提示词：%1
原有的提示词保留在下方。您可以批准它、让离线模板写一个，或重试。</translation>
    </message>
    <message>
        <source>Use Instruction as &amp;Is</source>
        <translation>按原样使用指令(&amp;I)</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::RunProgressPanel</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the running step (%1)</source>
        <translation>停止正在运行的步骤（%1）</translation>
    </message>
    <message>
        <source> · %1 of %2 frames decoded</source>
        <translation> · 已解码 %1/%2 帧</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>Dropout &amp;&amp; refinement</source>
        <translation>丢弃与精修</translation>
    </message>
    <message>
        <source>Prompt assistant</source>
        <translation>提示词助手</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>界面</translation>
    </message>
    <message>
        <source>A folder with Wan2.2-I2V-A14B in the official, Diffusers or ComfyUI layout.</source>
        <translation>以官方、Diffusers 或 ComfyUI 布局存放 Wan2.2-I2V-A14B 的文件夹。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览……</translation>
    </message>
    <message>
        <source>Detected:</source>
        <translation>检测结果：</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>组件</translation>
    </message>
    <message>
        <source>Found at</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Automatic (bf16 on GPU, f32 on CPU)</source>
        <translation>自动（GPU 上用 bf16，CPU 上用 f32）</translation>
    </message>
    <message>
        <source>f32 (full precision)</source>
        <translation>f32（全精度）</translation>
    </message>
    <message>
        <source>bf16 (half the memory)</source>
        <translation>bf16（内存减半）</translation>
    </message>
    <message>
        <source>Model changes apply to the next run; the models stay loaded between edits.</source>
        <translation>模型更改从下次运行起生效；两次编辑之间模型保持加载。</translation>
    </message>
    <message>
        <source>Wan needs 4n+1 frames; other values are rounded.</source>
        <translation>Wan 需要 4n+1 帧；其他数值会被取整。</translation>
    </message>
    <message>
        <source>Euler (Lightning, as in the paper)</source>
        <translation>Euler（Lightning，与论文一致）</translation>
    </message>
    <message>
        <source>UniPC (official Wan sampler)</source>
        <translation>UniPC（Wan 官方采样器）</translation>
    </message>
    <message>
        <source>DPM++</source>
        <translation>DPM++</translation>
    </message>
    <message>
        <source>Guidance 1 skips the negative pass (twice as fast); Lightning LoRAs expect 1.</source>
        <translation>引导强度为 1 时跳过负向推理（速度翻倍）；Lightning LoRA 要求为 1。</translation>
    </message>
    <message>
        <source>%1 × %2 (%3 pixels)</source>
        <translation>%1 × %2（%3 像素）</translation>
    </message>
    <message>
        <source>Keeps every K-th latent frame once the noise is low, so the late steps cost less.</source>
        <translation>噪声降低后只保留每第 K 个潜变量帧，使后期步骤开销更小。</translation>
    </message>
    <message>
        <source>Last frame (default)</source>
        <translation>最后一帧（默认）</translation>
    </message>
    <message>
        <source>First frame</source>
        <translation>第一帧</translation>
    </message>
    <message>
        <source>Keep original positions (default)</source>
        <translation>保留原始位置（默认）</translation>
    </message>
    <message>
        <source>Renumber kept frames</source>
        <translation>重新编号保留的帧</translation>
    </message>
    <message>
        <source>A vision-language model turns your instruction into a temporal prompt. Without one, an offline template writes it.</source>
        <translation>视觉语言模型会把您的指令改写为时序提示词。没有配置时，由离线模板撰写。</translation>
    </message>
    <message>
        <source>%1 at %2 with %3</source>
        <translation>%1，地址 %2，模型 %3</translation>
    </message>
    <message>
        <source>e.g. http://localhost:8000/v1 (empty: offline template)</source>
        <translation>例如 http://localhost:8000/v1（留空：使用离线模板）</translation>
    </message>
    <message>
        <source>only for hosted services</source>
        <translation>仅用于托管服务</translation>
    </message>
    <message>
        <source>The API key cannot be set here.</source>
        <translation>无法在此设置 API 密钥。</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>A new language applies the next time IF-Edit Studio starts.</source>
        <translation>新语言将在下次启动 IF-Edit Studio 时生效。</translation>
    </message>
    <message>
        <source>Prompt assistant endpoint: &apos;%1&apos; is not an http(s) address such as http://localhost:8000/v1.</source>
        <translation>提示词助手接口地址：“%1”不是类似 http://localhost:8000/v1 的 http(s) 地址。</translation>
    </message>
    <message>
        <source>No model folder chosen. Download Wan2.2-I2V-A14B (official, Diffusers or ComfyUI files) and choose its folder, or use the demo model.</source>
        <translation>尚未选择模型文件夹。请下载 Wan2.2-I2V-A14B（官方、Diffusers 或 ComfyUI 文件）并选择其文件夹，或使用演示模型。</translation>
    </message>
    <message>
        <source>Cannot use this folder: %1</source>
        <translation>无法使用此文件夹：%1</translation>
    </message>
    <message>
        <source>official Wan2.2 layout</source>
        <translation>官方 Wan2.2 布局</translation>
    </message>
    <message>
        <source>Diffusers layout</source>
        <translation>Diffusers 布局</translation>
    </message>
    <message>
        <source>ComfyUI files</source>
        <translation>ComfyUI 文件</translation>
    </message>
    <message>
        <source>no Wan2.2-I2V-A14B model set</source>
        <translation>不是 Wan2.2-I2V-A14B 模型集</translation>
    </message>
    <message>
        <source>%1, complete</source>
        <translation>%1，完整</translation>
    </message>
    <message>
        <source>Demo model: random weights, every output is labelled as such.</source>
        <translation>演示模型：随机权重，每个输出都会如此标注。</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>Missing: %1</source>
        <translation>缺失：%1</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>说明：%1</translation>
    </message>
    <message>
        <source>Choose the model folder</source>
        <translation>选择模型文件夹</translation>
    </message>
    <message>
        <source>Choose a LoRA file</source>
        <translation>选择 LoRA 文件</translation>
    </message>
    <message>
        <source>LoRA weights (*.safetensors);;All files (*)</source>
        <translation>LoRA 权重 (*.safetensors);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 pixels (custom)</source>
        <translation>%1 像素（自定义）</translation>
    </message>
    <message>
        <source>Automatic (from the free GPU memory)</source>
        <translation>自动（根据空闲显存）</translation>
    </message>
    <message>
        <source>Resident (everything on the GPU, fastest)</source>
        <translation>常驻（全部放在 GPU 上，最快）</translation>
    </message>
    <message>
        <source>Swap (one expert on the GPU at a time)</source>
        <translation>交换（每次只有一个专家在 GPU 上）</translation>
    </message>
    <message>
        <source>FP8 (both experts on the GPU in FP8, half the memory)</source>
        <translation>FP8（两个专家均以 FP8 驻留 GPU，显存减半）</translation>
    </message>
    <message>
        <source>Low VRAM (FP8 blocks streamed from host memory)</source>
        <translation>低显存（FP8 块从主机内存流式加载）</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>How many tokens the VLM may write. A thinking model reasons before it answers: give it 8192 or more.</source>
        <translation>VLM 最多可写的 token 数。思考型模型会先推理再回答：请给它 8192 或更多。</translation>
    </message>
    <message>
        <source>GPU memory: &apos;%1&apos; needs a GPU; with the CPU as device choose Automatic or Resident.</source>
        <translation>GPU 内存：“%1”需要 GPU；以 CPU 为设备时请选择“自动”或“常驻”。</translation>
    </message>
    <message>
        <source>Empty: the built-in negative prompt (used whenever guidance is not 1; at 0 it alone steers)</source>
        <translation>留空：使用内置反向提示词（引导强度不为 1 时使用；为 0 时仅由它引导）</translation>
    </message>
    <message>
        <source>LoRA, high-noise expert: %1 is not a file.</source>
        <translation>LoRA，高噪声专家：%1 不是文件。</translation>
    </message>
    <message>
        <source>LoRA, low-noise expert: %1 is not a file.</source>
        <translation>LoRA，低噪声专家：%1 不是文件。</translation>
    </message>
    <message>
        <source>Model folder: %1
Runs will fail with it: press OK again to keep it anyway.</source>
        <translation>模型文件夹：%1
用它运行将会失败：再次按“确定”仍然保留它。</translation>
    </message>
    <message>
        <source>These sampling settings (Euler, steps: %1, guidance 1) are the Lightning recipe: it needs the Wan2.2 Lightning I2V LoRAs, one per expert. Without them, choose UniPC with 40 steps and guidance 3.5 on the Sampling tab.</source>
        <translation>这些采样设置（Euler，步数：%1，引导 1）是 Lightning 方案：它需要 Wan2.2 Lightning I2V LoRA，每个专家一个。没有它们时，请在“采样”选项卡中选择 UniPC、40 步、引导 3.5。</translation>
    </message>
    <message>
        <source>%1, parts missing: %2</source>
        <translation>%1，缺少的部分：%2</translation>
    </message>
    <message>
        <source>This is %1, not Wan2.2-I2V-A14B: download Wan-AI/Wan2.2-I2V-A14B.</source>
        <translation>这是 %1，不是 Wan2.2-I2V-A14B：请下载 Wan-AI/Wan2.2-I2V-A14B。</translation>
    </message>
    <message>
        <source>How strongly the LoRAs change each expert: 1 as trained, 0 not at all (−4 to 4).</source>
        <translation>LoRA 改变每个专家的强度：1 为训练时的强度，0 为不改变（−4 到 4）。</translation>
    </message>
    <message>
        <source>Denoising steps (1–1000): 8 with the Lightning LoRAs and Euler, about 40 with UniPC.</source>
        <translation>去噪步数（1–1000）：使用 Lightning LoRA 和 Euler 时为 8，使用 UniPC 时约 40。</translation>
    </message>
    <message>
        <source>Moves the noise schedule towards the noisy end (0.001–1000); Wan uses 5.</source>
        <translation>将噪声调度向高噪声一端偏移（0.001–1000）；Wan 使用 5。</translation>
    </message>
    <message>
        <source>Euler for the Lightning LoRAs (few steps); UniPC is the official sampler, for about 40 steps.</source>
        <translation>Euler 适用于 Lightning LoRA（步数少）；UniPC 是官方采样器，适用于约 40 步。</translation>
    </message>
    <message>
        <source>Classifier-free guidance, 0–100: 1 runs no negative pass; the official recipe uses 3.5.</source>
        <translation>无分类器引导，0–100：为 1 时不运行负向推理；官方方案使用 3.5。</translation>
    </message>
    <message>
        <source>A pixel budget, not a fixed size: the working size keeps the picture&apos;s aspect ratio (a landscape picture at 480 × 832 runs at 832 × 480). The result is exported at the source&apos;s size.</source>
        <translation>这是像素预算，而不是固定尺寸：工作尺寸保持图片的宽高比（横向图片在 480 × 832 下以 832 × 480 运行）。结果按源图片的尺寸导出。</translation>
    </message>
    <message>
        <source>The same seed, picture, prompt and settings give the same result (the noise is drawn on the CPU).</source>
        <translation>相同的种子、图片、提示词和设置得到相同的结果（噪声在 CPU 上生成）。</translation>
    </message>
    <message>
        <source>Keeps the first and last latent frames and every K-th counted back from the last; K 1 keeps all.</source>
        <translation>保留第一个和最后一个潜在帧，以及从最后一帧向前数的每第 K 帧；K 为 1 时全部保留。</translation>
    </message>
    <message>
        <source>Dropout happens at the first step whose timestep is below this × 1000; 0.9 is the switch to the low-noise expert.</source>
        <translation>在时间步首次低于此值 × 1000 的那一步进行丢弃；0.9 即切换到低噪声专家之时。</translation>
    </message>
    <message>
        <source>Which end the every-K-th count starts from; the last frame is always kept.</source>
        <translation>每第 K 帧从哪一端开始计数；最后一帧始终保留。</translation>
    </message>
    <message>
        <source>Whether kept frames keep their place in time for the model, or are renumbered 0, 1, 2, …</source>
        <translation>保留的帧对模型而言是保持原来的时间位置，还是重新编号为 0, 1, 2, …</translation>
    </message>
    <message>
        <source>Frames of the refinement clip (4n+1, other values are rounded); it runs with dropout on.</source>
        <translation>精修片段的帧数（4n+1，其他值会被取整）；精修时启用丢弃。</translation>
    </message>
    <message>
        <source>as the server names it, e.g. Qwen/Qwen3-VL-8B-Instruct</source>
        <translation>与服务器中的名称一致，例如 Qwen/Qwen3-VL-8B-Instruct</translation>
    </message>
    <message>
        <source>Where the models run. The A14B models need a CUDA GPU; the CPU suits the demo model.</source>
        <translation>模型运行的设备。A14B 模型需要 CUDA GPU；CPU 仅适合演示模型。</translation>
    </message>
    <message>
        <source>unnamed</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>GPU %1: %2</source>
        <translation>GPU %1：%2</translation>
    </message>
    <message>
        <source>GPU %1: %2, %3</source>
        <translation>GPU %1：%2，%3</translation>
    </message>
    <message>
        <source>Automatic (the CPU: no GPU here)</source>
        <translation>自动（CPU：本机没有 GPU）</translation>
    </message>
    <message>
        <source>Automatic (%1)</source>
        <translation>自动（%1）</translation>
    </message>
    <message>
        <source>GPU: none found</source>
        <translation>GPU：未找到</translation>
    </message>
    <message>
        <source>GPU: this build has no CUDA</source>
        <translation>GPU：此版本不含 CUDA</translation>
    </message>
    <message>
        <source>No CUDA GPU is visible (see nvidia-smi and CUDA_VISIBLE_DEVICES): edits run on the CPU, which suits the demo model only.</source>
        <translation>看不到 CUDA GPU（请查看 nvidia-smi 和 CUDA_VISIBLE_DEVICES）：编辑将在 CPU 上运行，CPU 仅适合演示模型。</translation>
    </message>
    <message>
        <source>This build of IF-Edit Studio was made without CUDA: edits run on the CPU, which suits the demo model only.</source>
        <translation>此版本的 IF-Edit Studio 构建时未包含 CUDA：编辑将在 CPU 上运行，CPU 仅适合演示模型。</translation>
    </message>
    <message>
        <source>%1 (not found here)</source>
        <translation>%1（此处未找到）</translation>
    </message>
    <message>
        <source>Memory: cannot plan (%1).</source>
        <translation>内存：无法规划（%1）。</translation>
    </message>
    <message>
        <source>On the CPU every model stays in RAM: about %1, with %2 available now.</source>
        <translation>在 CPU 上所有模型都驻留在内存中：约 %1，当前可用 %2。</translation>
    </message>
    <message>
        <source>On the CPU every model stays in RAM: about %1.</source>
        <translation>在 CPU 上所有模型都驻留在内存中：约 %1。</translation>
    </message>
    <message>
        <source>Resident</source>
        <translation>常驻</translation>
    </message>
    <message>
        <source>Swap</source>
        <translation>交换</translation>
    </message>
    <message>
        <source>FP8</source>
        <translation>FP8</translation>
    </message>
    <message>
        <source>Low VRAM</source>
        <translation>低显存</translation>
    </message>
    <message>
        <source>about %1 of GPU memory, %2 free</source>
        <translation>约 %1 显存，空闲 %2</translation>
    </message>
    <message>
        <source>about %1 of GPU memory</source>
        <translation>约 %1 显存</translation>
    </message>
    <message>
        <source>Automatic chooses %1 here: %2.</source>
        <translation>自动在此选择%1：%2。</translation>
    </message>
    <message>
        <source>%1: %2.</source>
        <translation>%1：%2。</translation>
    </message>
    <message>
        <source>Nothing stays in RAM.</source>
        <translation>没有内容驻留在内存中。</translation>
    </message>
    <message>
        <source>RAM: about %1, with %2 available now.</source>
        <translation>内存：约 %1，当前可用 %2。</translation>
    </message>
    <message>
        <source>RAM: about %1.</source>
        <translation>内存：约 %1。</translation>
    </message>
    <message>
        <source>It may not fit: close other programs that use the GPU, or choose a mode that needs less.</source>
        <translation>可能放不下：请关闭其他使用 GPU 的程序，或选择占用更少的模式。</translation>
    </message>
    <message>
        <source>Too little RAM: loading will be refused. Close other programs, or choose a mode that keeps less in RAM.</source>
        <translation>内存不足：加载将被拒绝。请关闭其他程序，或选择在内存中保留更少内容的模式。</translation>
    </message>
    <message>
        <source>It may not fit: close other programs that use the GPU.</source>
        <translation>可能放不下：请关闭其他使用 GPU 的程序。</translation>
    </message>
    <message>
        <source>Too little RAM: loading will be refused. Close other programs.</source>
        <translation>内存不足：加载将被拒绝。请关闭其他程序。</translation>
    </message>
    <message>
        <source>Too little RAM: loading will be refused. Run it on a GPU, or choose bf16 precision to halve it.</source>
        <translation>内存不足：加载将被拒绝。请在 GPU 上运行，或选择 bf16 精度以减半占用。</translation>
    </message>
    <message>
        <source>First GPU (%1)</source>
        <translation>第一块 GPU（%1）</translation>
    </message>
    <message>
        <source>Too little RAM: loading will be refused. Run it on a GPU.</source>
        <translation>内存不足：加载将被拒绝。请在 GPU 上运行。</translation>
    </message>
    <message>
        <source>Running the text encoder on the CPU would make it fit.</source>
        <translation>在 CPU 上运行文本编码器即可放下。</translation>
    </message>
    <message>
        <source>Keeping the text encoder on the GPU would make it fit.</source>
        <translation>将文本编码器保留在 GPU 上即可放下。</translation>
    </message>
    <message>
        <source>No memory plan: %1 is not a GPU of this computer.</source>
        <translation>无内存方案：%1 不是这台计算机上的 GPU。</translation>
    </message>
    <message>
        <source>Browse for the model folder</source>
        <translation>选择模型文件夹</translation>
    </message>
    <message>
        <source>&amp;Model folder:</source>
        <translation>模型文件夹(&amp;M)：</translation>
    </message>
    <message>
        <source>Use the &amp;demo model (tiny random weights: shows the workflow, not real edits)</source>
        <translation>使用演示模型（微型随机权重：用于展示流程，不做真实编辑）(&amp;D)</translation>
    </message>
    <message>
        <source>LoRA, &amp;high-noise expert:</source>
        <translation>LoRA，高噪声专家(&amp;H)：</translation>
    </message>
    <message>
        <source>Browse for the high-noise expert&apos;s LoRA</source>
        <translation>选择高噪声专家的 LoRA</translation>
    </message>
    <message>
        <source>LoRA, &amp;low-noise expert:</source>
        <translation>LoRA，低噪声专家(&amp;L)：</translation>
    </message>
    <message>
        <source>Browse for the low-noise expert&apos;s LoRA</source>
        <translation>选择低噪声专家的 LoRA</translation>
    </message>
    <message>
        <source>LoRA &amp;strength:</source>
        <translation>LoRA 强度(&amp;S)：</translation>
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation>设备(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Precision:</source>
        <translation>精度(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;GPU memory:</source>
        <translation>显存(&amp;G)：</translation>
    </message>
    <message>
        <source>Run the &amp;text encoder on the CPU (saves about 11 GB of GPU memory)</source>
        <translation>在 CPU 上运行文本编码器（节省约 11 GB 显存）(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Frames:</source>
        <translation>帧数(&amp;F)：</translation>
    </message>
    <message>
        <source>S&amp;teps:</source>
        <translation>步数(&amp;T)：</translation>
    </message>
    <message>
        <source>S&amp;hift:</source>
        <translation>偏移（shift）(&amp;H)：</translation>
    </message>
    <message>
        <source>So&amp;lver:</source>
        <translation>求解器(&amp;L)：</translation>
    </message>
    <message>
        <source>Guidance, h&amp;igh-noise expert:</source>
        <translation>引导强度，高噪声专家(&amp;I)：</translation>
    </message>
    <message>
        <source>Guidance, lo&amp;w-noise expert:</source>
        <translation>引导强度，低噪声专家(&amp;W)：</translation>
    </message>
    <message>
        <source>Working re&amp;solution:</source>
        <translation>工作分辨率(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Negative prompt:</source>
        <translation>负向提示词(&amp;N)：</translation>
    </message>
    <message>
        <source>Random for ever&amp;y run</source>
        <translation>每次运行随机(&amp;Y)</translation>
    </message>
    <message>
        <source>Fi&amp;xed:</source>
        <translation>固定(&amp;X)：</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>种子(&amp;E)：</translation>
    </message>
    <message>
        <source>Temporal Latent &amp;Dropout</source>
        <translation>时序潜变量丢弃(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Keep every K-th frame, K:</source>
        <translation>每第 K 帧保留，K(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Start below noise level:</source>
        <translation>噪声低于此水平时开始(&amp;S)：</translation>
    </message>
    <message>
        <source>A&amp;nchor:</source>
        <translation>锚点(&amp;N)：</translation>
    </message>
    <message>
        <source>Frame &amp;positions:</source>
        <translation>帧位置(&amp;P)：</translation>
    </message>
    <message>
        <source>Re&amp;fine the chosen frame (self-consistent post-refinement)</source>
        <translation>精修所选帧（自洽后精修）(&amp;F)</translation>
    </message>
    <message>
        <source>Refinement fra&amp;mes:</source>
        <translation>精修帧数(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Presets:</source>
        <translation>预设(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation>接口地址(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Token limit:</source>
        <translation>Token 上限(&amp;T)：</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API 密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>A&amp;ppearance:</source>
        <translation>外观(&amp;P)：</translation>
    </message>
    <message>
        <source>Seed: enter a whole number from 0 to %1.</source>
        <translation>种子：请输入 0 到 %1 之间的整数。</translation>
    </message>
</context>
<context>
    <name>ifedit::ui::TimelineView</name>
    <message>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <source>result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>result (unrefined)</source>
        <translation>结果（未精修）</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Play the evolution at %1 frames per second (Space)</source>
        <translation>以每秒 %1 帧播放演化（空格键）</translation>
    </message>
    <message>
        <source>Evolution</source>
        <translation>演化</translation>
    </message>
    <message>
        <source> — random-weight output</source>
        <translation> —— 随机权重输出</translation>
    </message>
    <message>
        <source>step previews %1/%2 (decoded frames follow)</source>
        <translation>步骤预览 %1/%2（随后显示解码帧）</translation>
    </message>
    <message>
        <source>frame %1 / %2</source>
        <translation>第 %1 / %2 帧</translation>
    </message>
    <message>
        <source> · candidate, sharpness %1</source>
        <translation> · 候选帧，清晰度 %1</translation>
    </message>
    <message>
        <source> · ★ pick</source>
        <translation> · ★ 选中</translation>
    </message>
    <message>
        <source> · chosen (overrides the pick)</source>
        <translation> · 已选（覆盖自动选择）</translation>
    </message>
    <message>
        <source> · chosen</source>
        <translation> · 已选</translation>
    </message>
    <message>
        <source>%1 of %2 frames decoded</source>
        <translation>已解码 %1/%2 帧</translation>
    </message>
    <message>
        <source>  —  click a frame to choose it, then Refine</source>
        <translation>  ——  点击一帧将其选中，然后精修</translation>
    </message>
    <message>
        <source>the evolution appears here when an edit runs</source>
        <translation>编辑运行时，演化过程会显示在这里</translation>
    </message>
    <message>
        <source>Evolution timeline</source>
        <translation>演化时间线</translation>
    </message>
    <message>
        <source>Play or pause the evolution</source>
        <translation>播放或暂停演化</translation>
    </message>
    <message>
        <source>Evolution frame</source>
        <translation>演化帧</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Edit an image by letting an image-to-video model evolve it (IF-Edit).</source>
        <translation>让图像生成视频模型演化图片，从而完成编辑（IF-Edit）。</translation>
    </message>
    <message>
        <source>Use the random-weight demo model (no download needed).</source>
        <translation>使用随机权重的演示模型（无需下载）。</translation>
    </message>
    <message>
        <source>Wan2.2-I2V-A14B model folder (official, Diffusers or ComfyUI layout).</source>
        <translation>Wan2.2-I2V-A14B 模型文件夹（官方、Diffusers 或 ComfyUI 布局）。</translation>
    </message>
    <message>
        <source>FOLDER</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Image to open.</source>
        <translation>要打开的图像。</translation>
    </message>
</context>
</TS>
