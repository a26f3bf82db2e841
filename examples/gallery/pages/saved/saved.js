const storage = require('../../utils/storage');

Page({
    data: {
        saved: []
    },
    onShow() {
        const saved = storage.savedPhotos();
        this.setData({saved});
        console.log('saved', saved.map(p => p.title + ' (' + p.savedAt + ')').join(', '));
    }
});
