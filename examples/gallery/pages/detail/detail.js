const {get} = require('../../utils/api');
const storage = require('../../utils/storage');
import {formatDate} from '../../utils/time';

Page({
    data: {
        photo: null,
        saved: false
    },
    onLoad(query) {
        return get('/photos/' + query.id).then(photo => {
            const saved = storage.savedPhotos().some(p => p.id === photo.id);
            this.setData({photo, saved});
            swan.setNavigationBarTitle({title: photo.title});
        });
    },
    onSave() {
        const photo = this.data.photo;
        swan.showModal({
            title: '保存图片',
            content: '把「' + photo.title + '」保存到相册？',
            success: res => {
                if (res.confirm) {
                    this.download(photo);
                }
            }
        });
    },
    download(photo) {
        swan.showLoading({title: '下载中'});
        swan.downloadFile({
            url: photo.url,
            success: res => this.save(photo, res.tempFilePath),
            fail: err => {
                swan.hideLoading();
                swan.showToast({title: '下载失败', icon: 'none'});
            }
        });
    },
    save(photo, filePath) {
        swan.saveImageToPhotosAlbum({
            filePath,
            success: () => {
                storage.rememberSaved(photo, formatDate(Date.now()));
                this.setData({saved: true});
                swan.showToast({title: '已保存到本地相册', icon: 'none'});
                swan.switchTab({url: '/pages/saved/saved'});
            },
            fail: err => swan.showToast({title: '保存失败：' + err.errMsg, icon: 'none'}),
            complete: () => swan.hideLoading()
        });
    }
});
