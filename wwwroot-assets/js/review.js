// Review page keys: one key per decision, outside text fields. .NET attaches a handle and receives OnReviewKey(key).
(() => {
    "use strict";

    const handles = new Map();
    let nextHandle = 1;
    const keys = new Set(["1", "2", "3", "4", "5", "6", "7", "8", "9", "e", "m", "i", "n", "j", "k", "c", "g", "?", "Escape"]);

    function isTypingTarget(el) {
        if (!el || el.nodeType !== 1) return false;
        const tag = el.tagName;
        return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
    }

    const api = {
        attach(dotnet) {
            const handle = nextHandle++;
            const state = {
                dotnet,
                enabled: true,
                keydown(e) {
                    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
                    if (isTypingTarget(e.target)) {
                        // Escape leaves the comment box so the next key is a decision again.
                        if (e.key === "Escape" && state.enabled) e.target.blur();
                        return;
                    }
                    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
                    if (!keys.has(key) || (!state.enabled && key !== "Escape")) return;
                    e.preventDefault();
                    state.dotnet.invokeMethodAsync("OnReviewKey", key);
                },
            };
            document.addEventListener("keydown", state.keydown);
            handles.set(handle, state);
            return handle;
        },
        enable(handle, on) {
            const state = handles.get(handle);
            if (state) state.enabled = !!on;
        },
        focus(selector) {
            const el = document.querySelector(selector);
            if (el) el.focus();
        },
        detach(handle) {
            const state = handles.get(handle);
            if (!state) return;
            document.removeEventListener("keydown", state.keydown);
            handles.delete(handle);
        },
    };

    window.labelStudio = window.labelStudio || {};
    window.labelStudio.review = api;
})();
