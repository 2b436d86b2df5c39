// Labeling screen helpers: hotkeys and text-span selection for LabelingScreen (Features/Labeling/Components).
// .NET attaches one handle per rendered screen and calls back through a DotNetObjectReference:
//   OnHotkey(key), OnTextSelection(objectName, start, end, fromKeyboard), OnShortcut("submit" | "skip").
(() => {
    "use strict";

    const screens = new Map();
    let nextHandle = 1;

    function isTypingTarget(el) {
        if (!el || el.nodeType !== 1) return false;
        const tag = el.tagName;
        return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
    }

    function textRegionOf(screen, node) {
        const el = node && (node.nodeType === 1 ? node : node.parentElement);
        const region = el && el.closest ? el.closest("[data-ls-text]") : null;
        return region && screen.root.contains(region) && region.classList.contains("ls-text-selectable") ? region : null;
    }

    // Character offset of a DOM boundary point inside `region`. The text is rendered as several spans, so the offset
    // is the length of the text between the region's start and the point; points outside the region are clamped.
    function offsetIn(region, node, offset) {
        if (!region.contains(node)) {
            const position = region.compareDocumentPosition(node);
            return position & Node.DOCUMENT_POSITION_PRECEDING ? 0 : region.textContent.length;
        }
        const range = document.createRange();
        range.selectNodeContents(region);
        range.setEnd(node, offset);
        return range.toString().length;
    }

    function selectionOffsets(region) {
        const selection = window.getSelection();
        if (!selection || selection.rangeCount === 0) return null;
        const range = selection.getRangeAt(0);
        if (!region.contains(range.startContainer) && !region.contains(range.endContainer)) return null;
        const start = offsetIn(region, range.startContainer, range.startOffset);
        const end = offsetIn(region, range.endContainer, range.endOffset);
        return { start: Math.min(start, end), end: Math.max(start, end) };
    }

    // The DOM position of a character offset, walking the region's text nodes.
    function pointAt(region, offset) {
        const walker = document.createTreeWalker(region, NodeFilter.SHOW_TEXT);
        let remaining = offset;
        let last = null;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const length = node.nodeValue.length;
            if (remaining <= length) return { node, offset: remaining };
            remaining -= length;
            last = node;
        }
        return last ? { node: last, offset: last.nodeValue.length } : { node: region, offset: 0 };
    }

    function showSelection(region, anchor, focus) {
        const selection = window.getSelection();
        if (!selection) return;
        const a = pointAt(region, anchor);
        const f = pointAt(region, focus);
        selection.setBaseAndExtent(a.node, a.offset, f.node, f.offset);
    }

    const wordChar = /[\p{L}\p{N}_'\u2019-]/u;

    // Ctrl+Shift+arrow steps over a word without its punctuation, as browsers do in editable text.
    function wordStep(text, from, direction) {
        let i = from;
        if (direction > 0) {
            while (i < text.length && !wordChar.test(text[i])) i++;
            while (i < text.length && wordChar.test(text[i])) i++;
        } else {
            while (i > 0 && !wordChar.test(text[i - 1])) i--;
            while (i > 0 && wordChar.test(text[i - 1])) i--;
        }
        return i;
    }

    function report(screen, region, start, end, fromKeyboard) {
        const key = region.dataset.lsText + ":" + start + ":" + end;
        if (!fromKeyboard && key === screen.lastReported) return;
        screen.lastReported = key;
        screen.dotnet.invokeMethodAsync("OnTextSelection", region.dataset.lsText, start, end, fromKeyboard)
            .catch(() => { });
    }

    // Shift+Left/Right (Ctrl for whole words), Shift+Home/End extend the selection inside a focused text region;
    // plain arrows move the caret. The browser gives no caret in non-editable text, so the caret is kept here.
    function handleCaretKey(screen, region, e) {
        const text = region.textContent;
        let caret = screen.carets.get(region);
        if (!caret) {
            const current = selectionOffsets(region);
            caret = current ? { anchor: current.start, focus: current.end } : { anchor: 0, focus: 0 };
        }
        let focus = caret.focus;
        if (e.key === "ArrowRight") focus = e.ctrlKey || e.altKey ? wordStep(text, focus, 1) : Math.min(text.length, focus + 1);
        else if (e.key === "ArrowLeft") focus = e.ctrlKey || e.altKey ? wordStep(text, focus, -1) : Math.max(0, focus - 1);
        else if (e.key === "Home") focus = 0;
        else if (e.key === "End") focus = text.length;
        const anchor = e.shiftKey ? caret.anchor : focus;
        screen.carets.set(region, { anchor, focus });
        if (anchor === focus) {
            const selection = window.getSelection();
            if (selection) selection.removeAllRanges();
        } else {
            showSelection(region, anchor, focus);
        }
        report(screen, region, Math.min(anchor, focus), Math.max(anchor, focus), true);
    }

    function onKeyDown(screen, e) {
        const o = screen.options;
        if (e.defaultPrevented || e.isComposing) return;

        if (o.shortcuts && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
            if (e.key === "Enter") {
                e.preventDefault();
                screen.dotnet.invokeMethodAsync("OnShortcut", "submit").catch(() => { });
                return;
            }
            if (e.key === " " || e.code === "Space") {
                if (isTypingTarget(e.target)) return;
                e.preventDefault();
                screen.dotnet.invokeMethodAsync("OnShortcut", "skip").catch(() => { });
                return;
            }
        }

        if (isTypingTarget(e.target)) return;

        const region = o.selection ? textRegionOf(screen, document.activeElement) : null;
        if (region && document.activeElement === region) {
            if (["ArrowLeft", "ArrowRight", "Home", "End"].includes(e.key) && !e.metaKey) {
                e.preventDefault();
                handleCaretKey(screen, region, e);
                return;
            }
            if (e.key === "Escape") {
                screen.carets.delete(region);
                const selection = window.getSelection();
                if (selection) selection.removeAllRanges();
                report(screen, region, 0, 0, true);
                return;
            }
        }

        if (!o.hotkeys || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
        const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
        if (!screen.keys.has(key)) return;
        e.preventDefault();
        screen.dotnet.invokeMethodAsync("OnHotkey", key).catch(() => { });
    }

    function onMouseUp(screen) {
        if (!screen.options.selection) return;
        const selection = window.getSelection();
        if (!selection || selection.rangeCount === 0) return;
        const range = selection.getRangeAt(0);
        const region = textRegionOf(screen, range.startContainer) || textRegionOf(screen, range.endContainer);
        if (!region) return;
        const offsets = selectionOffsets(region);
        if (!offsets) return;
        screen.carets.set(region, { anchor: offsets.start, focus: offsets.end });
        report(screen, region, offsets.start, offsets.end, false);
    }

    // Label buttons must not take the text selection away when pressed.
    function onMouseDown(screen, e) {
        const target = e.target && e.target.closest ? e.target.closest("[data-ls-keep-selection]") : null;
        if (target && screen.root.contains(target)) e.preventDefault();
    }

    function applyOptions(screen, options) {
        screen.options = {
            hotkeys: !!options.hotkeys,
            shortcuts: !!options.shortcuts,
            selection: !!options.selection,
        };
        screen.keys = new Set((options.keys || []).map(k => (k.length === 1 ? k.toLowerCase() : k)));
    }

    const api = {
        attach(dotnet, root, options) {
            const handle = nextHandle++;
            const screen = { dotnet, root, carets: new WeakMap(), lastReported: null };
            applyOptions(screen, options || {});
            screen.keydown = e => onKeyDown(screen, e);
            screen.mouseup = () => onMouseUp(screen);
            screen.mousedown = e => onMouseDown(screen, e);
            document.addEventListener("keydown", screen.keydown);
            document.addEventListener("mouseup", screen.mouseup);
            root.addEventListener("mousedown", screen.mousedown);
            screens.set(handle, screen);
            // Keys pressed before this point go nowhere; tests (and anyone scripting the page) can wait for this.
            root.setAttribute("data-hotkeys-ready", "true");
            return handle;
        },

        configure(handle, options) {
            const screen = screens.get(handle);
            if (screen) applyOptions(screen, options || {});
        },

        clearSelection(handle) {
            const screen = screens.get(handle);
            if (!screen) return;
            const selection = window.getSelection();
            if (selection && selection.rangeCount > 0 && screen.root.contains(selection.getRangeAt(0).startContainer)) {
                selection.removeAllRanges();
            }
            screen.lastReported = null;
            screen.root.querySelectorAll("[data-ls-text]").forEach(region => {
                const caret = screen.carets.get(region);
                if (caret) screen.carets.set(region, { anchor: caret.focus, focus: caret.focus });
            });
        },

        detach(handle) {
            const screen = screens.get(handle);
            if (!screen) return;
            document.removeEventListener("keydown", screen.keydown);
            document.removeEventListener("mouseup", screen.mouseup);
            screen.root.removeEventListener("mousedown", screen.mousedown);
            screen.root.removeAttribute("data-hotkeys-ready");
            screens.delete(handle);
        },

        // For tests and the E2E suite: select characters [start, end) of a text region as a user would.
        selectRange(region, start, end) {
            showSelection(region, start, end);
        },
    };

    window.labelStudio = window.labelStudio || {};
    window.labelStudio.labeling = api;
})();
