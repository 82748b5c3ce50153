// 正文编辑器: a textarea marked data-richtext becomes an editable area with a small toolbar.
// A paste from Word keeps its tables, lists, bold and paragraphs and loses Word's markup; the
// server cleans the body again with its allow-list (gongkai/domain/richtext.py), so this file
// only makes the editor show what will be kept. Without JavaScript the textarea is used as it is.
(function () {
  var KEEP = {P: 1, BR: 1, B: 1, STRONG: 1, I: 1, EM: 1, U: 1, S: 1, SUB: 1, SUP: 1, H2: 1, H3: 1, H4: 1,
    UL: 1, OL: 1, LI: 1, TABLE: 1, CAPTION: 1, THEAD: 1, TBODY: 1, TFOOT: 1, TR: 1, TD: 1, TH: 1, BLOCKQUOTE: 1};
  var DROP = {SCRIPT: 1, STYLE: 1, TITLE: 1, META: 1, LINK: 1, XML: 1, HEAD: 1, OBJECT: 1, IFRAME: 1};
  var CELL_ATTRS = ["colspan", "rowspan"];
  var ORDERED = /^\s*(?:\(?[0-9]+[.)、]?\)?|[（(][0-9一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|[a-zA-Z][.)])/;

  function markLists(html) {
    // Word hides a list paragraph's bullet or number from browsers in a conditional comment.
    return html.replace(/<!(?:--)?\[if !supportLists\](?:--)?>([\s\S]*?)<!(?:--)?\[endif\](?:--)?>/gi,
      function (all, marker) {
        var text = marker.replace(/<[^>]+>/g, "").replace(/&nbsp;/g, " ");
        return '<span data-gk-list="' + (ORDERED.test(text) ? "ol" : "ul") + '"></span>';
      }).replace(/<!--\[if[\s\S]*?<!\[endif\]-->|<!\[(?:end)?if[^\]]*\]>/gi, "");
  }

  function clean(node, out) {
    Array.prototype.forEach.call(node.childNodes, function (child) {
      if (child.nodeType === 3) { out.appendChild(document.createTextNode(child.nodeValue)); return; }
      if (child.nodeType !== 1 || DROP[child.tagName.toUpperCase()]) return;
      var tag = child.tagName.toUpperCase();
      if (tag === "SPAN" && child.getAttribute("data-gk-list")) {
        var marker = document.createElement("span");
        marker.setAttribute("data-gk-list", child.getAttribute("data-gk-list"));
        out.appendChild(marker);
        return;
      }
      if (!KEEP[tag]) { clean(child, out); return; }  // span, font, o:p…: keep the content only
      var copy = document.createElement(tag);
      if (tag === "TD" || tag === "TH") {
        CELL_ATTRS.forEach(function (name) { if (child.getAttribute(name)) copy.setAttribute(name, child.getAttribute(name)); });
      }
      clean(child, copy);
      out.appendChild(copy);
    });
    return out;
  }

  function groupLists(root) {
    var markers = root.querySelectorAll("p > span[data-gk-list]");
    Array.prototype.forEach.call(markers, function (marker) {
      var p = marker.parentNode, kind = marker.getAttribute("data-gk-list");
      if (!p || p.tagName !== "P") return;
      marker.remove();
      var li = document.createElement("li");
      while (p.firstChild) li.appendChild(p.firstChild);
      var prev = p.previousElementSibling, list;
      if (prev && prev.tagName === kind.toUpperCase() && prev.getAttribute("data-gk-open")) list = prev;
      else { list = document.createElement(kind); list.setAttribute("data-gk-open", "1"); p.parentNode.insertBefore(list, p); }
      list.appendChild(li);
      p.remove();
    });
    Array.prototype.forEach.call(root.querySelectorAll("[data-gk-open]"), function (l) { l.removeAttribute("data-gk-open"); });
    Array.prototype.forEach.call(root.querySelectorAll("span[data-gk-list]"), function (s) { s.remove(); });
  }

  function fromClipboard(html) {
    var fragment = /<!--\s*StartFragment\s*-->([\s\S]*?)<!--\s*EndFragment\s*-->/i.exec(html);
    var doc = new DOMParser().parseFromString(markLists(fragment ? fragment[1] : html), "text/html");
    var out = clean(doc.body, document.createElement("div"));
    groupLists(out);
    return out.innerHTML;
  }

  function textToHtml(text) {
    var div = document.createElement("div");
    text.replace(/\r\n?/g, "\n").split(/\n\s*\n/).forEach(function (para) {
      if (!para.trim()) return;
      var p = document.createElement("p");
      para.split("\n").forEach(function (line, i) {
        if (i) p.appendChild(document.createElement("br"));
        p.appendChild(document.createTextNode(line));
      });
      div.appendChild(p);
    });
    return div.innerHTML;
  }

  function button(label, command, value, editor) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn";
    b.textContent = label;
    b.addEventListener("click", function () {
      editor.focus();
      document.execCommand(command, false, value || null);
    });
    return b;
  }

  function attach(textarea) {
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    var editor = document.createElement("div");
    editor.className = "richtext-editor";
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    editor.id = textarea.id + "_editor";
    if (label) {
      label.id = label.id || textarea.id + "_label";
      editor.setAttribute("aria-labelledby", label.id);
      label.htmlFor = editor.id;  // the label names the editor now; the textarea is only carried
    }
    if (textarea.getAttribute("aria-describedby")) editor.setAttribute("aria-describedby", textarea.getAttribute("aria-describedby"));
    var value = textarea.value;
    // The stored body is already cleaned by the server; typed text becomes paragraphs.
    editor.innerHTML = /<[a-zA-Z!\/]/.test(value) ? fromClipboard(value) : textToHtml(value);
    var toolbar = document.createElement("div");
    toolbar.className = "richtext-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "格式工具栏");
    toolbar.appendChild(button("加粗", "bold", null, editor));
    toolbar.appendChild(button("编号列表", "insertOrderedList", null, editor));
    toolbar.appendChild(button("项目列表", "insertUnorderedList", null, editor));
    toolbar.appendChild(button("清除格式", "removeFormat", null, editor));
    editor.addEventListener("paste", function (event) {
      var data = event.clipboardData;
      if (!data) return;
      var html = data.getData("text/html"), text = data.getData("text/plain");
      event.preventDefault();
      document.execCommand("insertHTML", false, html ? fromClipboard(html) : textToHtml(text));
    });
    function sync() { textarea.value = editor.innerHTML; }
    editor.addEventListener("input", sync);
    if (textarea.form) textarea.form.addEventListener("submit", sync);
    textarea.hidden = true;
    textarea.parentNode.insertBefore(toolbar, textarea);
    textarea.parentNode.insertBefore(editor, textarea);
  }

  function start() { Array.prototype.forEach.call(document.querySelectorAll("textarea[data-richtext]"), attach); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
