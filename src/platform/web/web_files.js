// Files seam: drag-and-drop onto the page, an "Open file" dialog, and downloads of generated files.
// Quirks handled here:
// - The hidden <input type=file> must be clicked inside a user gesture: C++ calls tp_files_open from
//   the frame that runs inside the pointerup handler (web_input.js).
// - dragover must preventDefault or the browser navigates to the dropped file and the work is gone.
// - Bytes, not text, reach C++: it repairs invalid UTF-8 itself and reports where.
// - Downloads: a Blob URL on a temporary <a download>, revoked after the click.
mergeInto(LibraryManager.library, {
  $TPFiles: {
    maxBytes: Infinity,
    deliver: function(file) {
      // Over the limit the file is refused by its size, without reading it into the page.
      if (file.size > TPFiles.maxBytes) { _tp_on_file_too_large(file.size); return; }
      file.arrayBuffer().then(function(buf) {
        var bytes = new Uint8Array(buf), p = _malloc(bytes.length || 1);
        HEAPU8.set(bytes, p);
        var n = lengthBytesUTF8(file.name) + 1, np = _malloc(n);
        stringToUTF8(file.name, np, n);
        _tp_on_file(np, p, bytes.length);
        _free(np); _free(p);
      });
    },
  },

  tp_files_install__deps: ['$TPFiles', 'malloc', 'free'],
  tp_files_install: function(maxBytes) {
    TPFiles.maxBytes = maxBytes;
    var input = document.createElement('input');
    input.type = 'file';
    input.id = 'tp-file-input';
    input.accept = '.txt,.md,.srt,.vtt,.sbv,.json,text/plain,text/vtt,application/json';
    input.hidden = true;
    input.addEventListener('change', function() { if (input.files[0]) TPFiles.deliver(input.files[0]); input.value = ''; });
    document.body.appendChild(input);
    window.addEventListener('dragover', function(e) { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; });
    window.addEventListener('drop', function(e) {
      e.preventDefault();
      var f = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
      if (f) TPFiles.deliver(f);
    });
  },

  tp_files_open: function() { document.getElementById('tp-file-input').click(); },

  tp_files_download: function(namePtr, mimePtr, dataPtr, len) {
    var blob = new Blob([HEAPU8.slice(dataPtr, dataPtr + len)], { type: UTF8ToString(mimePtr) });
    var url = URL.createObjectURL(blob), a = document.createElement('a');
    a.href = url; a.download = UTF8ToString(namePtr); a.rel = 'noopener';
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function() { URL.revokeObjectURL(url); }, 1000);
  },

  // Rich copy ("Copy HTML"): HTML and plain text together, so WeChat/Notion/Docs keep the styles. A
  // browser may refuse the HTML (no ClipboardItem, a denied permission, an unsupported type): then the
  // plain text is copied instead and C++ is told, so the user knows the formatting did not go.
  tp_files_copy_rich__deps: ['$TPWeb'],
  tp_files_copy_rich: function(htmlPtr, textPtr) {
    var html = UTF8ToString(htmlPtr), text = UTF8ToString(textPtr);
    var plainOnly = function() {
      var done = function(ok) { _tp_on_copy_plain_only(ok ? 1 : 0); };
      var byCommand = function() {
        var t = document.createElement('textarea'), ok = false;
        t.value = text; document.body.appendChild(t); t.select();
        try { ok = document.execCommand('copy'); } catch (e) {}
        document.body.removeChild(t);
        if (TPWeb.agent) TPWeb.focusAgent();   // the keyboard goes back to the app
        done(ok);
      };
      if (navigator.clipboard && navigator.clipboard.writeText)
        navigator.clipboard.writeText(text).then(function() { done(true); }, byCommand);
      else byCommand();
    };
    if (navigator.clipboard && navigator.clipboard.write && window.ClipboardItem) {
      var item;
      try {
        item = new ClipboardItem({ 'text/html': new Blob([html], { type: 'text/html' }),
                                   'text/plain': new Blob([text], { type: 'text/plain' }) });
      } catch (e) { plainOnly(); return; }
      navigator.clipboard.write([item]).catch(plainOnly);
      return;
    }
    var copied = false;
    var onCopy = function(e) { e.preventDefault(); e.clipboardData.setData('text/html', html); e.clipboardData.setData('text/plain', text); copied = true; };
    document.addEventListener('copy', onCopy, { once: true });
    try { document.execCommand('copy'); } catch (e) {}
    document.removeEventListener('copy', onCopy);
    if (!copied) plainOnly();
  },
});
