// Admin screens: raw-body file upload with progress (import), drop zones, and small editor/clipboard helpers.
(() => {
    "use strict";
    const uploads = new Map();
    let nextId = 0;

    const fileOf = inputId => {
        const input = document.getElementById(inputId);
        return input && input.files && input.files.length > 0 ? input.files[0] : null;
    };
    const notify = (dotnet, method, ...args) => dotnet.invokeMethodAsync(method, ...args).catch(() => { /* circuit gone */ });

    window.lsUpload = {
        /** The file chosen in an <input type=file>, as { name, size }, or null. */
        selected(inputId) {
            const file = fileOf(inputId);
            return file ? { name: file.name, size: file.size } : null;
        },

        /**
         * POSTs the chosen file as the raw request body (application/octet-stream) to url + fileName, reporting
         * OnUploadProgress(loaded, total), then OnUploadCompleted(status, body) or OnUploadFailed(message) to .NET.
         * Returns { id, name, size } or null when no file is chosen.
         */
        start(inputId, url, dotnet) {
            const input = document.getElementById(inputId);
            const file = fileOf(inputId);
            if (!file) return null;
            const id = ++nextId;
            const xhr = new XMLHttpRequest();
            uploads.set(id, xhr);
            xhr.open("POST", url + (url.includes("?") ? "&" : "?") + "fileName=" + encodeURIComponent(file.name));
            xhr.setRequestHeader("Content-Type", "application/octet-stream");
            xhr.setRequestHeader("Accept", "application/json");
            let last = 0;
            xhr.upload.onprogress = e => {
                const now = performance.now();
                const total = e.lengthComputable ? e.total : file.size;
                // Throttled: a 1 GB upload fires thousands of progress events.
                if (now - last < 150 && e.loaded < total) return;
                last = now;
                notify(dotnet, "OnUploadProgress", e.loaded, total);
            };
            xhr.onload = () => {
                uploads.delete(id);
                notify(dotnet, "OnUploadCompleted", xhr.status, xhr.responseText || "");
            };
            xhr.onerror = () => {
                uploads.delete(id);
                notify(dotnet, "OnUploadFailed", "The upload was interrupted: the connection failed or the server refused the file.");
            };
            xhr.onabort = () => {
                uploads.delete(id);
                notify(dotnet, "OnUploadFailed", "The upload was cancelled.");
            };
            xhr.send(file);
            // Lets the same file be chosen again after fixing it.
            if (input) input.value = "";
            return { id, name: file.name, size: file.size };
        },

        cancel(id) {
            const xhr = uploads.get(id);
            if (xhr) xhr.abort();
        },

        /** Makes an element a drop target that hands the dropped file to the input (which raises change). */
        attachDropZone(zoneId, inputId) {
            const zone = document.getElementById(zoneId);
            const input = document.getElementById(inputId);
            if (!zone || !input || zone.dataset.lsDrop === "1") return;
            zone.dataset.lsDrop = "1";
            const over = on => zone.classList.toggle("ls-drop-over", on);
            zone.addEventListener("dragover", e => { e.preventDefault(); over(true); });
            zone.addEventListener("dragleave", () => over(false));
            zone.addEventListener("drop", e => {
                e.preventDefault();
                over(false);
                if (!e.dataTransfer || e.dataTransfer.files.length === 0 || input.disabled) return;
                input.files = e.dataTransfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            });
        },
    };

    window.lsAdmin = {
        /** Selects a 1-based line in a textarea and scrolls it into view. */
        selectLine(textareaId, line) {
            const el = document.getElementById(textareaId);
            if (!el || typeof el.value !== "string") return;
            const lines = el.value.split("\n");
            const n = Math.min(Math.max(line, 1), lines.length);
            let start = 0;
            for (let i = 0; i < n - 1; i++) start += lines[i].length + 1;
            el.focus();
            el.setSelectionRange(start, start + lines[n - 1].length);
            const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 20;
            el.scrollTop = Math.max(0, (n - 3) * lineHeight);
        },

        /** Copies text to the clipboard; falls back to a hidden textarea where the Clipboard API is unavailable. */
        async copyText(text) {
            try {
                await navigator.clipboard.writeText(text);
                return true;
            } catch {
                const ta = document.createElement("textarea");
                ta.value = text;
                ta.style.position = "fixed";
                ta.style.opacity = "0";
                document.body.appendChild(ta);
                ta.select();
                const ok = document.execCommand("copy");
                ta.remove();
                return ok;
            }
        },
    };
})();
