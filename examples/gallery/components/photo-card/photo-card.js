Component({
    properties: {
        photo: {type: Object, value: null},
        saved: {type: Boolean, value: false}
    },
    data: {
        label: ''
    },
    observers: {
        'photo, saved': function (photo, saved) {
            if (photo) {
                this.setData({label: (saved ? '✓ ' : '') + photo.title});
            }
        }
    },
    lifetimes: {
        attached() {
            console.log('photo-card attached');
        }
    },
    methods: {
        tapSave() {
            this.triggerEvent('save', {id: this.data.photo.id});
        }
    }
});
