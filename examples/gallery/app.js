// CommonJS, as most swan programs are written.
const storage = require('./utils/storage');

App({
    globalData: {
        launches: 0
    },
    onLaunch() {
        this.globalData.launches = storage.countLaunch();
        console.log('launch', this.globalData.launches);
    }
});
