// Storage helpers (CommonJS). Keys are kept in one place.
const LAUNCHES = 'launches';
const SAVED = 'saved';

function countLaunch() {
    const n = (swan.getStorageSync(LAUNCHES) || 0) + 1;
    swan.setStorageSync(LAUNCHES, n);
    return n;
}

function savedPhotos() {
    return swan.getStorageSync(SAVED) || [];
}

function rememberSaved(photo, when) {
    const saved = savedPhotos().filter(p => p.id !== photo.id);
    saved.unshift({id: photo.id, title: photo.title, savedAt: when});
    swan.setStorageSync(SAVED, saved);
    return saved;
}

module.exports = {countLaunch, savedPhotos, rememberSaved};
