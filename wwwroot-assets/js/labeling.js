// Labeling screen helpers for LabelingScreen (Features/Labeling/Components): hotkeys, shortcuts, text-span selection,
// region navigation and a visible caret. .NET attaches one handle per rendered screen and is called back through a
// DotNetObjectReference: OnHotkey(key), OnTextSelection(objectName, start, end, fromKeyboard), OnTextClick(objectName,
// offset), OnRegionIndex(objectName, index), OnShortcut(name). Offsets are UTF-16 code units, as in Label Studio;
// keyboard selection moves by grapheme cluster (an emoji, a letter with its combining accent) and by word.
(() => {
    "use strict";

    const screens = new Map();
    let nextHandle = 1;
    const graphemes = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;
    const words = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "word" }) : null;
    const segmentCache = new WeakMap();

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

    function segmentsOf(region, text, segmenter, kind) {
        let cached = segmentCache.get(region);
        if (!cached || cached.text !== text) {
            cached = { text };
            segmentCache.set(region, cached);
        }
        if (!cached[kind]) cached[kind] = Array.from(segmenter.segment(text), s => ({ start: s.index, end: s.index + s.segment.length, word: s.isWordLike }));
        return cached[kind];
    }

    // One user-perceived character forward or back: never half a surrogate pair, never a letter without its accent.
    function graphemeStep(region, text, from, direction) {
        if (!graphemes) {
            const code = direction > 0 ? text.charCodeAt(from) : text.charCodeAt(from - 1);
            const pair = code >= 0xD800 && code <= 0xDFFF ? 2 : 1;
            return Math.max(0, Math.min(text.length, from + direction * pair));
        }
        const segments = segmentsOf(region, text, graphemes, "graphemes");
        if (direction > 0) {
            for (const s of segments) if (s.end > from) return s.end;
            return text.length;
        }
        for (let i = segments.length - 1; i >= 0; i--) if (segments[i].start < from) return segments[i].start;
        return 0;
    }

    const wordChar = /[\p{L}\p{N}\p{M}_'\u2019-]/u;

    // Ctrl+Shift+arrow steps over a word without its punctuation, as browsers do in editable text.
    function wordStep(region, text, from, direction) {
        if (words) {
            const segments = segmentsOf(region, text, words, "words").filter(s => s.word);
            if (direction > 0) {
                for (const s of segments) if (s.end > from) return s.end;
                return text.length;
            }
            for (let i = segments.length - 1; i >= 0; i--) if (segments[i].start < from) return segments[i].start;
            return 0;
        }
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
        screen.dotnet.invokeMethodAsync("OnTextSelection", region.dataset.lsText, start, end, fromKeyboard).catch(() => { });
    }

    // The browser draws no caret in text that is not editable, so the screen draws its own where keyboard
    // selection will start or is extending.
    function updateCaret(screen) {
        screen.root.querySelectorAll("[data-ls-text]").forEach(region => {
            const caretEl = region.parentElement && region.parentElement.querySelector(":scope > .ls-caret");
            if (!caretEl) return;
            const caret = screen.carets.get(region);
            if (document.activeElement !== region || !caret) {
                caretEl.classList.remove("ls-caret-on");
                return;
            }
            const point = pointAt(region, caret.focus);
            const range = document.createRange();
            range.setStart(point.node, point.offset);
            range.collapse(true);
            let rect = range.getClientRects()[0] || null;
            if (!rect && point.offset > 0 && point.node.nodeType === 3) {
                range.setStart(point.node, point.offset - 1);
                range.setEnd(point.node, point.offset);
                const rects = range.getClientRects();
                const r = rects[rects.length - 1];
                if (r) rect = { left: r.right, top: r.top, height: r.height };
            }
            if (!rect) rect = region.getBoundingClientRect();
            const frame = region.parentElement.getBoundingClientRect();
            caretEl.style.left = (rect.left - frame.left) + "px";
            caretEl.style.top = (rect.top - frame.top) + "px";
            caretEl.style.height = (rect.height || 20) + "px";
            caretEl.classList.add("ls-caret-on");
            caretEl.classList.remove("ls-caret-blink");
            void caretEl.offsetWidth; // restart the blink so the caret shows at once after a move
            caretEl.classList.add("ls-caret-blink");
        });
    }

    // Shift+Left/Right (Ctrl for whole words), Shift+Home/End extend the selection inside a focused text region;
    // plain arrows move the caret. In right-to-left text the arrows follow what the reader sees.
    function handleCaretKey(screen, region, e) {
        const text = region.textContent;
        let caret = screen.carets.get(region);
        if (!caret) {
            const current = selectionOffsets(region);
            caret = current ? { anchor: current.start, focus: current.end } : { anchor: 0, focus: 0 };
        }
        const rtl = getComputedStyle(region).direction === "rtl";
        let key = e.key;
        if (rtl && key === "ArrowRight") key = "ArrowLeft";
        else if (rtl && key === "ArrowLeft") key = "ArrowRight";
        let focus = caret.focus;
        if (key === "ArrowRight") focus = e.ctrlKey || e.altKey ? wordStep(region, text, focus, 1) : graphemeStep(region, text, focus, 1);
        else if (key === "ArrowLeft") focus = e.ctrlKey || e.altKey ? wordStep(region, text, focus, -1) : graphemeStep(region, text, focus, -1);
        else if (key === "Home") focus = 0;
        else if (key === "End") focus = text.length;
        const anchor = e.shiftKey ? caret.anchor : focus;
        screen.carets.set(region, { anchor, focus });
        if (anchor === focus) {
            const selection = window.getSelection();
            if (selection) selection.removeAllRanges();
        } else {
            showSelection(region, anchor, focus);
        }
        updateCaret(screen);
        report(screen, region, Math.min(anchor, focus), Math.max(anchor, focus), true);
    }

    function shortcut(screen, name) {
        screen.dotnet.invokeMethodAsync("OnShortcut", name).catch(() => { });
    }

    function hasSelectedRegion(screen) {
        return !!screen.root.querySelector("[data-ls-text]:not([data-selected-index='-1'])");
    }

    function onKeyDown(screen, e) {
        const o = screen.options;
        if (e.defaultPrevented || e.isComposing) return;
        const typing = isTypingTarget(e.target);

        if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
            if (e.key === "Enter" && o.submit) {
                e.preventDefault();
                shortcut(screen, "submit");
                return;
            }
            if ((e.key === " " || e.code === "Space") && o.skip && !typing) {
                e.preventDefault();
                shortcut(screen, "skip");
                return;
            }
        }

        if (typing || !o.shortcuts) {
            if (!typing && o.selection) handleText(screen, e);
            return;
        }

        if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === "z" || e.key === "Z")) {
            e.preventDefault();
            shortcut(screen, e.shiftKey ? "redo" : "undo");
            return;
        }
        if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && (e.key === "y" || e.key === "Y")) {
            e.preventDefault();
            shortcut(screen, "redo");
            return;
        }
        if ((e.key === "Delete" || e.key === "Backspace") && !e.ctrlKey && !e.metaKey && !e.altKey && hasSelectedRegion(screen)) {
            e.preventDefault();
            shortcut(screen, "delete");
            return;
        }
        if (e.key === "?" && !e.ctrlKey && !e.metaKey && !e.altKey) {
            e.preventDefault();
            shortcut(screen, "help");
            return;
        }
        if (e.key === "Escape") {
            shortcut(screen, "escape");
        }

        if (o.selection && handleText(screen, e)) return;

        if (!o.hotkeys || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
        const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
        if (!screen.keys.has(key)) return;
        e.preventDefault();
        // A label key turns the keyboard selection into a span: collapse it here at once, so that keys pressed before
        // the server answers (Shift+Ctrl+Left for a nested span) start from its end, not from the old anchor.
        if (screen.labelKeys.has(key)) collapseCarets(screen);
        screen.dotnet.invokeMethodAsync("OnHotkey", key).catch(() => { });
    }

    // Keys inside a focused text: caret movement and selection, Escape, and Tab through the regions.
    function handleText(screen, e) {
        const region = textRegionOf(screen, document.activeElement);
        if (!region || document.activeElement !== region) return false;
        if (["ArrowLeft", "ArrowRight", "Home", "End"].includes(e.key) && !e.metaKey) {
            e.preventDefault();
            handleCaretKey(screen, region, e);
            return true;
        }
        if (e.key === "Escape") {
            const caret = screen.carets.get(region);
            if (caret) screen.carets.set(region, { anchor: caret.focus, focus: caret.focus });
            const selection = window.getSelection();
            if (selection) selection.removeAllRanges();
            report(screen, region, 0, 0, true);
            return true;
        }
        if (e.key === "Tab" && !e.ctrlKey && !e.metaKey && !e.altKey) {
            // Tab walks the regions in reading order; past the last one it leaves the text as usual.
            const count = parseInt(region.dataset.regionCount || "0", 10);
            const selected = parseInt(region.dataset.selectedIndex || "-1", 10);
            const next = e.shiftKey ? (selected < 0 ? count - 1 : selected - 1) : selected + 1;
            if (count > 0 && next >= 0 && next < count) {
                e.preventDefault();
                screen.dotnet.invokeMethodAsync("OnRegionIndex", region.dataset.lsText, next).catch(() => { });
                return true;
            }
        }
        return false;
    }

    function collapseCarets(screen) {
        screen.root.querySelectorAll("[data-ls-text]").forEach(region => {
            const caret = screen.carets.get(region);
            if (caret && caret.anchor !== caret.focus) screen.carets.set(region, { anchor: caret.focus, focus: caret.focus });
        });
    }

    function onMouseUp(screen, e) {
        if (!screen.options.selection) return;
        const selection = window.getSelection();
        if (selection && selection.rangeCount > 0 && !selection.isCollapsed) {
            const range = selection.getRangeAt(0);
            const region = textRegionOf(screen, range.startContainer) || textRegionOf(screen, range.endContainer);
            if (!region) return;
            const offsets = selectionOffsets(region);
            if (!offsets) return;
            screen.carets.set(region, { anchor: offsets.start, focus: offsets.end });
            report(screen, region, offsets.start, offsets.end, false);
            updateCaret(screen);
            return;
        }
        // A plain click: where in the text, so the region under the pointer can be selected.
        const region = textRegionOf(screen, e.target);
        if (!region) return;
        let offset = null;
        const hit = document.caretRangeFromPoint ? document.caretRangeFromPoint(e.clientX, e.clientY) : null;
        if (hit && region.contains(hit.startContainer)) offset = offsetIn(region, hit.startContainer, hit.startOffset);
        else if (selection && selection.rangeCount > 0) offset = offsetIn(region, selection.getRangeAt(0).startContainer, selection.getRangeAt(0).startOffset);
        if (offset === null) return;
        // A click just after a region's last character lands on its end offset: count it as inside.
        const target = e.target && e.target.closest ? e.target.closest("[data-span-start]") : null;
        if (target && offset === parseInt(target.dataset.spanEnd, 10)) offset = Math.max(parseInt(target.dataset.spanStart, 10), offset - 1);
        screen.carets.set(region, { anchor: offset, focus: offset });
        screen.lastReported = null;
        screen.dotnet.invokeMethodAsync("OnTextClick", region.dataset.lsText, offset).catch(() => { });
        updateCaret(screen);
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
            submit: !!options.submit && !!options.shortcuts,
            skip: !!options.skip && !!options.shortcuts,
        };
        screen.keys = new Set((options.keys || []).map(k => (k.length === 1 ? k.toLowerCase() : k)));
        screen.labelKeys = new Set((options.labelKeys || []).map(k => (k.length === 1 ? k.toLowerCase() : k)));
    }

    const api = {
        attach(dotnet, root, options) {
            const handle = nextHandle++;
            const screen = { dotnet, root, carets: new WeakMap(), lastReported: null };
            applyOptions(screen, options || {});
            screen.keydown = e => onKeyDown(screen, e);
            screen.mouseup = e => onMouseUp(screen, e);
            screen.mousedown = e => onMouseDown(screen, e);
            screen.focusChange = () => updateCaret(screen);
            screen.observer = new MutationObserver(() => updateCaret(screen));
            screen.observer.observe(root, { childList: true, subtree: true, characterData: true });
            document.addEventListener("keydown", screen.keydown);
            document.addEventListener("mouseup", screen.mouseup);
            root.addEventListener("mousedown", screen.mousedown);
            root.addEventListener("focusin", screen.focusChange);
            root.addEventListener("focusout", screen.focusChange);
            window.addEventListener("resize", screen.focusChange);
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
            collapseCarets(screen);
            updateCaret(screen);
        },

        // Brings a region into view (from the region list or Tab) and keeps the keyboard in its text.
        showRegion(handle, id) {
            const screen = screens.get(handle);
            if (!screen) return;
            const segment = Array.from(screen.root.querySelectorAll("[data-regions]"))
                .find(el => el.dataset.regions.split(" ").includes(id));
            if (!segment) return;
            segment.scrollIntoView({ block: "center", inline: "nearest" });
            const region = segment.closest("[data-ls-text]");
            if (region && document.activeElement !== region && !isTypingTarget(document.activeElement)) region.focus({ preventScroll: true });
        },

        detach(handle) {
            const screen = screens.get(handle);
            if (!screen) return;
            document.removeEventListener("keydown", screen.keydown);
            document.removeEventListener("mouseup", screen.mouseup);
            screen.root.removeEventListener("mousedown", screen.mousedown);
            screen.root.removeEventListener("focusin", screen.focusChange);
            screen.root.removeEventListener("focusout", screen.focusChange);
            window.removeEventListener("resize", screen.focusChange);
            screen.observer.disconnect();
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
