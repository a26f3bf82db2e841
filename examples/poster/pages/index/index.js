// A share poster as real smart programs make them: download the photo, draw it with an avatar,
// a gradient and Chinese text on the page's canvas, export it and save it to the album.
const W = 375;
const H = 600;

Page({
    data: {
        poster: ''
    },

    makePoster() {
        swan.showLoading({title: '海报生成中'});
        swan.downloadFile({
            url: 'https://img.example.com/photos/lake.jpg',
            success: res => this.drawPoster(res.tempFilePath),
            fail: err => this.failed('图片下载失败', err)
        });
    },

    drawPoster(photo) {
        const ctx = this.createCanvasContext('poster');
        const bg = ctx.createLinearGradient(0, 0, 0, H);
        bg.addColorStop(0, '#fff7e6');
        bg.addColorStop(1, '#ffd591');
        ctx.setFillStyle(bg);
        ctx.fillRect(0, 0, W, H);

        // The photo, with a soft shadow.
        ctx.save();
        ctx.setShadow(0, 4, 12, 'rgba(0, 0, 0, 0.25)');
        ctx.drawImage(photo, 20, 20, 335, 223);
        ctx.restore();

        // A round avatar.
        ctx.save();
        ctx.beginPath();
        ctx.arc(60, 300, 32, 0, 2 * Math.PI);
        ctx.clip();
        ctx.drawImage('/images/avatar.png', 28, 268, 64, 64);
        ctx.restore();

        ctx.setFillStyle('#262626');
        ctx.font = 'bold 22px sans-serif';
        ctx.setTextBaseline('middle');
        ctx.fillText('湖畔的清晨', 108, 288);
        ctx.font = '14px sans-serif';
        ctx.setFillStyle('#8c8c8c');
        ctx.fillText('摄影 · Swan Album 示例海报', 108, 316);

        const lines = [
            '清晨六点，湖面还没有风。',
            '远处的山把雾气一层层推开，',
            'the light comes in slowly, 像有人轻轻掀开了窗帘。',
            '把这一刻画进海报，存进相册。'
        ];
        ctx.setFillStyle('#434343');
        ctx.font = '16px sans-serif';
        lines.forEach((line, i) => ctx.fillText(line, 24, 372 + i * 28, W - 48));

        // The button-like badge at the bottom.
        ctx.setFillStyle('#fa8c16');
        ctx.fillRect(24, 510, W - 48, 56);
        ctx.setFillStyle('#ffffff');
        ctx.setTextAlign('center');
        ctx.font = 'bold 18px sans-serif';
        ctx.fillText('长按识别 · 一起去看湖', W / 2, 538);

        ctx.draw(false, () => this.exportPoster());
    },

    exportPoster() {
        swan.canvasToTempFilePath({
            canvasId: 'poster',
            fileType: 'png',
            success: res => {
                this.setData({poster: res.tempFilePath});
                swan.saveImageToPhotosAlbum({
                    filePath: res.tempFilePath,
                    success: () => {
                        swan.hideLoading();
                        swan.showToast({title: '已保存到相册'});
                    },
                    fail: err => this.failed('保存失败', err)
                });
            },
            fail: err => this.failed('海报导出失败', err)
        }, this);
    },

    failed(title, err) {
        swan.hideLoading();
        swan.showToast({title, icon: 'none'});
        console.error(title, err.errCode, err.errMsg);
    }
});
