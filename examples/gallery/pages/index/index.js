import {get} from '../../utils/api';

Page({
    data: {
        photos: [],
        launches: 0
    },
    onLoad() {
        this.setData({launches: getApp().globalData.launches});
        return get('/photos').then(photos => {
            this.setData({photos});
            console.log('photos', photos.map(p => p.title).join(', '));
        }).catch(err => console.log('could not load photos', err.errMsg || err.statusCode));
    },
    open(e) {
        swan.navigateTo({url: '/pages/detail/detail?id=' + e.detail.id});
    }
});
